import {
  type ContextManager,
  context,
  ROOT_CONTEXT,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { CallSpan } from "./callSpan.js";
import { Diagnostics } from "./diagnostics.js";
import { createRedactor } from "./redact.js";

const guards = () => ({ diagnostics: new Diagnostics(), redactor: createRedactor() });

/** A "query a:b" span of `kind` from `tracer`, under the root context. */
const startSpan = (tracer: Tracer, kind: SpanKind, g = guards()) =>
  CallSpan.start(tracer, "query a:b", { kind, attributes: {} }, g, ROOT_CONTEXT);

afterEach(() => {
  context.disable();
});

describe("CallSpan ids", () => {
  it("are empty without a tracer provider, never the all-zero ids", () => {
    const span = startSpan(trace.getTracer("none"), SpanKind.INTERNAL);
    expect(span.ids()).toEqual({ traceId: "", spanId: "" });
  });

  it("are empty for a span that was not sampled, which no backend will hold", () => {
    const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    const span = startSpan(provider.getTracer("t"), SpanKind.INTERNAL);
    expect(span.ids()).toEqual({ traceId: "", spanId: "" });
  });

  it("are the span's own when it is recorded", () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const span = startSpan(provider.getTracer("t"), SpanKind.INTERNAL);
    expect(span.ids().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.ids().traceId).not.toMatch(/^0+$/);
  });
});

describe("CallSpan.activeIn", () => {
  it("runs the function once and counts a context manager that throws", () => {
    const broken: ContextManager = {
      active: () => ROOT_CONTEXT,
      with: () => {
        throw new Error("context manager down");
      },
      bind: (_ctx, target) => target,
      enable() {
        return this;
      },
      disable() {
        return this;
      },
    };
    context.setGlobalContextManager(broken);
    const g = guards();
    const span = startSpan(trace.getTracer("none"), SpanKind.CLIENT, g);
    let runs = 0;
    expect(span.activeIn(span.within(ROOT_CONTEXT), () => ++runs, undefined)).toBe(1);
    expect(runs).toBe(1);
    expect(g.diagnostics.snapshot().errors.tracer).toBe(1);
  });

  it("lets the function's own throw reach the caller, uncounted", () => {
    const g = guards();
    const span = startSpan(trace.getTracer("none"), SpanKind.CLIENT, g);
    expect(() =>
      span.activeIn(
        span.within(ROOT_CONTEXT),
        () => {
          throw new Error("the app's");
        },
        undefined,
      ),
    ).toThrow("the app's");
    expect(g.diagnostics.snapshot().total).toBe(0);
  });
});
