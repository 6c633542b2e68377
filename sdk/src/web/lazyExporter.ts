import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-web";

// ExportResultCode.FAILED of @opentelemetry/core (src/ExportResult.ts), written out as in
// countedExporter.ts so that /web needs no direct dependency on @opentelemetry/core.
const FAILED = 1;

/**
 * A span exporter whose real exporter is loaded on demand (a dynamic `import()`), so that an app
 * that never sets `otlp` does not download the OTLP exporter. Loading starts at once; batches that
 * arrive before it finishes wait for it. They are bounded by the BatchSpanProcessor in front of
 * this exporter, which holds at most `maxQueueSize` spans and sends one batch at a time. If the
 * exporter cannot be loaded, every batch fails, and the failure is counted like any failed export.
 */
export function lazyExporter(load: () => Promise<SpanExporter>): SpanExporter {
  const loading = load();
  // Mark the rejection handled here; each use below still sees it.
  loading.catch(() => undefined);
  return {
    export(spans: ReadableSpan[], resultCallback) {
      loading.then(
        (inner) => {
          try {
            inner.export(spans, resultCallback);
          } catch (error) {
            resultCallback({ code: FAILED, error: asError(error) });
          }
        },
        (error: unknown) => resultCallback({ code: FAILED, error: asError(error) }),
      );
    },
    shutdown: () =>
      loading.then(
        (inner) => inner.shutdown(),
        () => undefined,
      ),
    forceFlush: () =>
      loading.then(
        (inner) => inner.forceFlush?.(),
        () => undefined,
      ),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
