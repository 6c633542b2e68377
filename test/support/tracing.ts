import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** A tracer provider that keeps finished spans in memory, for assertions on what the SDK traced. */
export function memoryTracing(extraProcessors: SpanProcessor[] = []) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter), ...extraProcessors],
  });
  return {
    provider,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** Logical spans (no parent) with the given name. */
    logical: (name: string): ReadableSpan[] =>
      exporter.getFinishedSpans().filter((s) => s.name === name && !s.parentSpanContext),
    childrenOf: (parent: ReadableSpan): ReadableSpan[] =>
      exporter
        .getFinishedSpans()
        .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId),
    reset: () => exporter.reset(),
  };
}
