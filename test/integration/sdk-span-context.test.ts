import { createLens, type Lens } from "@convex-lens/sdk";
import { type Context, context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat } from "../support/chatApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

// Issue 13 §1 in Node, with a real context manager (AsyncLocalStorage) and the real official
// clients against the local backend: while a call's request is sent, its CLIENT span is active, so
// what the transport does (a fetch, a span made by a fetch wrapper, propagated trace context)
// nests under it; and there is exactly one CLIENT span per request that left the process.

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  context.disable();
  await backend?.stop();
});

const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

/** The SDK's CLIENT spans: one per request sent. */
const requestSpans = (spans: ReadableSpan[]) =>
  spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes["rpc.system.name"] === "convex");

interface SeenFetch {
  /** The span active when the fetch was made. */
  readonly active: string | undefined;
  /** The span a fetch wrapper made for it, as instrumentation would. */
  readonly span: string;
  /** The `traceparent` the fetch carries on to the next hop. */
  readonly traceparent: string;
}

/**
 * A fetch as an app's wrapper (or a fetch instrumentation) does it: a span in the active context,
 * the trace context injected into the request. The first `failures` requests get a 503.
 */
function tracedFetch(tracing: ReturnType<typeof memoryTracing>, failures = 0) {
  const seen: SeenFetch[] = [];
  const tracer = tracing.provider.getTracer("app-fetch");
  const fetchWrapper: typeof fetch = async (input, init) => {
    const active = trace.getActiveSpan()?.spanContext().spanId;
    const span = tracer.startSpan("HTTP POST", { kind: SpanKind.CLIENT });
    // What a W3C propagator writes for the span: the trace carried on to the next hop.
    const { traceId, spanId, traceFlags } = span.spanContext();
    seen.push({ active, span: spanId, traceparent: `00-${traceId}-${spanId}-0${traceFlags}` });
    try {
      if (seen.length <= failures) return new Response("Service Unavailable", { status: 503 });
      return await fetch(input, init);
    } finally {
      span.end();
    }
  };
  return { seen, fetchWrapper };
}

function callerSpan(tracing: ReturnType<typeof memoryTracing>): {
  ctx: Context;
  spanId: string;
  traceId: string;
} {
  const span = tracing.provider.getTracer("app").startSpan("click");
  return {
    ctx: trace.setSpan(context.active(), span),
    spanId: span.spanContext().spanId,
    traceId: span.spanContext().traceId,
  };
}

/**
 * Runs `chat.list` from an app span ("click") through a ConvexHttpClient that `lens` instruments,
 * with `tracedFetch` (the first `failures` requests get a 503) as its fetch.
 */
async function listOverTracedHttp(
  lens: Lens,
  tracing: ReturnType<typeof memoryTracing>,
  failures = 0,
) {
  const { seen, fetchWrapper } = tracedFetch(tracing, failures);
  const client = lens.instrument(
    new ConvexHttpClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
      fetch: fetchWrapper,
    }),
  );
  const caller = callerSpan(tracing);
  await context.with(caller.ctx, () => client.query(chat.list, {}));
  return { seen, caller };
}

describe("ConvexHttpClient: the fetch runs inside the attempt's CLIENT span", () => {
  it("nests the fetch, its wrapper's span and the next hop's trace context under the one CLIENT span", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const { seen, caller } = await listOverTracedHttp(lens, tracing);

    const requests = requestSpans(tracing.spans());
    expect(requests).toHaveLength(1);
    expect(seen).toHaveLength(1);
    const request = requests[0]!;
    expect(seen[0]?.active).toBe(idOf(request));
    const wrapperSpan = tracing.spans().find((s) => idOf(s) === seen[0]?.span);
    expect(parentOf(wrapperSpan)).toBe(idOf(request));
    expect(seen[0]?.traceparent).toBe(`00-${caller.traceId}-${seen[0]?.span}-01`);
    const call = tracing.spans().find((s) => idOf(s) === parentOf(request));
    expect(call?.kind).toBe(SpanKind.INTERNAL);
    expect(parentOf(call)).toBe(caller.spanId);
    expect(request.attributes).toMatchObject({
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(backend.url).port),
    });
  });

  it("counts one CLIENT span per fetch when a call is retried, each fetch under its own attempt", async () => {
    const tracing = memoryTracing();
    lens = createLens({
      tracerProvider: tracing.provider,
      retry: { initialDelayMs: 5, maxDelayMs: 10, jitter: "none", maxAttempts: 4 },
    });
    const { seen, caller } = await listOverTracedHttp(lens, tracing, 2);

    const requests = requestSpans(tracing.spans());
    expect(seen).toHaveLength(3);
    expect(requests).toHaveLength(3);
    expect(seen.map((f) => f.active)).toEqual(
      [...requests]
        .sort(
          (a, b) =>
            Number(a.attributes["convex.retry.attempt"]) -
            Number(b.attributes["convex.retry.attempt"]),
        )
        .map(idOf),
    );
    const calls = tracing.spans().filter((s) => s.kind === SpanKind.INTERNAL);
    expect(calls).toHaveLength(1);
    expect(parentOf(calls[0])).toBe(caller.spanId);
    for (const request of requests) expect(parentOf(request)).toBe(idOf(calls[0]));
  });
});

describe("ConvexClient: the message is written to the socket inside the attempt's CLIENT span", () => {
  it("has the mutation's CLIENT span active when its message is sent, and one CLIENT span per mutation", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const sends: { type: string; active: string | undefined }[] = [];
    class WatchedSocket extends WebSocket {
      override send(data: unknown, ...rest: unknown[]): void {
        const type = typeof data === "string" ? (JSON.parse(data) as { type: string }).type : "";
        sends.push({ type, active: trace.getActiveSpan()?.spanContext().spanId });
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    const raw = new ConvexClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
      webSocketConstructor: WatchedSocket as unknown as typeof globalThis.WebSocket,
    });
    closers.push(() => raw.close());
    const client = lens.instrument(raw);
    // Let the socket open first: a message sent before it is queued and written on connect.
    await client.query(chat.list, {});
    tracing.reset();
    sends.length = 0;

    await client.mutation(chat.send, { author: "ada", body: "nested" });
    const requests = requestSpans(tracing.spans());
    expect(requests).toHaveLength(1);
    const mutationSends = sends.filter((s) => s.type === "Mutation");
    expect(mutationSends).toEqual([{ type: "Mutation", active: idOf(requests[0]) }]);
  });
});
