import { type Context, context, SpanKind, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { StackContextManager } from "@opentelemetry/sdk-trace-web";
import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

// The span shape and context of issue 13 §1, in Node with the browser's own context manager
// (sdk-trace-web's StackContextManager): it keeps a context only within a synchronous `with`, so
// nothing here passes unless the SDK itself makes each attempt's span active around the send.

const list = makeFunctionReference<"query">("messages:list");
const act = makeFunctionReference<"action">("ai:suggest");
const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));

let lens: Lens | undefined;
let manager: StackContextManager;
beforeEach(() => {
  manager = new StackContextManager().enable();
  context.setGlobalContextManager(manager);
});
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
  context.disable();
});

function setup(options: LensOptions = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  lens = createLens({
    tracerProvider: provider,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  const spans = () => exporter.getFinishedSpans();
  const clientSpans = () => spans().filter((s) => s.kind === SpanKind.CLIENT);
  const caller = provider.getTracer("app").startSpan("click");
  return {
    lens,
    spans,
    clientSpans,
    caller,
    callerContext: trace.setSpan(context.active(), caller),
  };
}

const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
const millis = (duration: readonly [number, number] | undefined) =>
  duration ? duration[0] * 1e3 + duration[1] / 1e6 : Number.NaN;
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

/** The span active while the transport ran, per request, as a fetch instrumentation would see it. */
function activeAtSend(): { seen: (string | undefined)[]; note: () => void } {
  const seen: (string | undefined)[] = [];
  return { seen, note: () => seen.push(trace.getActiveSpan()?.spanContext().spanId) };
}

describe("the span shape: one CLIENT span per request that leaves the browser", () => {
  it("makes a call that succeeds at once one INTERNAL span with one CLIENT child", async () => {
    const { lens, spans, clientSpans } = setup();
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    await client.query(list, {});
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    expect(spans()).toHaveLength(2);
    expect(clientSpans()).toHaveLength(1);
    expect(parentOf(clientSpans()[0])).toBe(idOf(call));
  });

  it("counts as many CLIENT spans as requests sent when a call is retried, and none for the call", async () => {
    const { lens, spans, clientSpans } = setup();
    let n = 0;
    const { client, sent } = scriptedClient(() => {
      n += 1;
      if (n < 3) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    await client.query(list, {});
    expect(sent).toHaveLength(3);
    expect(clientSpans()).toHaveLength(3);
    const call = spans().filter((s) => s.kind !== SpanKind.CLIENT);
    expect(call.map((s) => s.kind)).toEqual([SpanKind.INTERNAL]);
    expect(clientSpans().map((s) => s.attributes["convex.retry.attempt"])).toEqual([1, 2, 3]);
    expect(clientSpans().map((s) => s.status.code)).toEqual([2, 2, 0]);
    for (const request of clientSpans()) expect(parentOf(request)).toBe(idOf(call[0]));
  });

  it("makes no CLIENT span for a call its open breaker refused, since nothing was sent", async () => {
    const { lens, clientSpans } = setup({ retry: false, breaker: { consecutiveFailures: 1 } });
    const { client, sent } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    await client.query(list, {}).catch(() => {});
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect(sent).toHaveLength(1);
    expect(clientSpans()).toHaveLength(1);
  });
});

describe("the active span while a call runs", () => {
  it("is the attempt's span during the send, child of the call's span, child of the caller's", async () => {
    const { lens, spans, clientSpans, caller, callerContext } = setup();
    const at = activeAtSend();
    const { client } = scriptedClient(() => {
      at.note();
      return "ok";
    });
    lens.instrument(client);
    await context.with(callerContext, () => client.query(list, {}));
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    expect(at.seen).toEqual([idOf(clientSpans()[0])]);
    expect(parentOf(call)).toBe(caller.spanContext().spanId);
    expect(call?.spanContext().traceId).toBe(caller.spanContext().traceId);
  });

  it("keeps the caller's parent for attempts sent after a retry backoff, in a timer", async () => {
    const { lens, spans, clientSpans, caller, callerContext } = setup();
    const at = activeAtSend();
    let n = 0;
    const { client } = scriptedClient(() => {
      at.note();
      n += 1;
      if (n < 2) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    await context.with(callerContext, () => client.query(list, {}));
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    expect(at.seen).toEqual(clientSpans().map(idOf));
    expect(parentOf(call)).toBe(caller.spanContext().spanId);
    for (const request of clientSpans()) {
      expect(parentOf(request)).toBe(idOf(call));
      expect(request.spanContext().traceId).toBe(caller.spanContext().traceId);
    }
  });

  it("keeps the caller's parent for a call that waited in a bulkhead queue", async () => {
    const { lens, spans, clientSpans } = setup({
      functions: { "ai:*": { maxConcurrent: 1, maxQueued: 1 } },
    });
    const at = activeAtSend();
    const releases: (() => void)[] = [];
    const { client } = scriptedClient(() => {
      at.note();
      return new Promise((resolve) => releases.push(() => resolve("ok")));
    });
    lens.instrument(client);
    const app = new BasicTracerProvider().getTracer("app");
    const callers = [app.startSpan("first click"), app.startSpan("second click")];
    const runs = callers.map((caller) =>
      context.with(trace.setSpan(context.active(), caller), () => client.action(act, {})),
    );
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await Promise.all(runs);
    const calls = spans().filter((s) => s.kind === SpanKind.INTERNAL);
    expect(calls.map(parentOf).sort()).toEqual(callers.map((c) => c.spanContext().spanId).sort());
    expect(at.seen.sort()).toEqual(clientSpans().map(idOf).sort());
    for (const request of clientSpans()) {
      const call = calls.find((c) => idOf(c) === parentOf(request));
      expect(call).toBeDefined();
    }
  });

  it("leaves the caller's context active after the call, untouched", async () => {
    const { lens, caller, callerContext } = setup();
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    let after: Context | undefined;
    await context.with(callerContext, async () => {
      const pending = client.query(list, {});
      after = context.active();
      await pending;
    });
    expect(after && trace.getSpan(after)?.spanContext().spanId).toBe(caller.spanContext().spanId);
  });
});

describe("events and attributes", () => {
  it("records each failure as an exception event, redacted and without a stack", async () => {
    const secret =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJlc2lnbmF0dXJl";
    const { lens, spans } = setup({ retry: false });
    const { client } = scriptedClient(() => {
      throw new Error(`Uncaught Error: token ${secret} rejected`);
    });
    lens.instrument(client);
    await client.query(list, {}).catch(() => {});
    expect(spans()).toHaveLength(2);
    for (const span of spans()) {
      const exception = span.events.find((e) => e.name === "exception");
      expect(exception?.attributes?.["exception.type"]).toMatch(/Error$/);
      expect(String(exception?.attributes?.["exception.message"])).not.toContain(secret);
      expect(exception?.attributes).not.toHaveProperty("exception.stacktrace");
    }
  });

  it("names the retry's delay through semconv (convex.retry.delay_ms)", async () => {
    const { lens, spans } = setup();
    let n = 0;
    const { client } = scriptedClient(() => {
      n += 1;
      if (n < 2) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    await client.query(list, {});
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    const retry = call?.events.find((e) => e.name === "convex.retry");
    expect(retry?.attributes?.["convex.retry.delay_ms"]).toEqual(expect.any(Number));
  });

  it("gives a retried call's span the answering attempt's time as convex.function.duration_ms, not the backoff's", async () => {
    const { lens, spans, clientSpans } = setup({
      retry: { initialDelayMs: 60, maxDelayMs: 60, jitter: "none" },
    });
    let n = 0;
    const { client } = scriptedClient(async () => {
      n += 1;
      if (n < 2) throw overloaded();
      await new Promise((r) => setTimeout(r, 20));
      return "ok";
    });
    lens.instrument(client);
    await client.query(list, {});
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    const functionMs = call?.attributes["convex.function.duration_ms"];
    const answered = clientSpans()[1];
    expect(typeof functionMs).toBe("number");
    // The second CLIENT span's time (to the clocks' rounding), with the 60 ms backoff left out.
    expect(Math.abs((functionMs as number) - millis(answered?.duration))).toBeLessThanOrEqual(3);
    expect(millis(call?.duration) - (functionMs as number)).toBeGreaterThanOrEqual(58);
  });

  it("gives no function duration to a call whose retry its open breaker refused", async () => {
    const { lens, spans } = setup({ breaker: { consecutiveFailures: 1 } });
    const { client, sent } = scriptedClient(() => {
      throw overloaded();
    });
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect(sent).toHaveLength(1);
    const call = spans().find((s) => s.kind === SpanKind.INTERNAL);
    expect(call?.attributes["convex.attempts"]).toBe(2);
    expect(call?.attributes).not.toHaveProperty("convex.function.duration_ms");
  });
});
