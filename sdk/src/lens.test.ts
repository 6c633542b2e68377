import { SpanKind, type TracerProvider } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, LensError } from "./errors/index.js";
import { scriptedClient } from "./instrument/test-support/scriptedClient.js";
import { scriptedSocketClient } from "./instrument/test-support/scriptedSocketClient.js";
import { createLens, type Lens } from "./lens.js";
import { alerts } from "./modules/alerts.js";
import { faults } from "./modules/faults.js";
import { globalHandlers } from "./modules/globalHandlers.js";
import { logger } from "./modules/logger.js";
import type { LensOptions } from "./options.js";
import type { CallRecord } from "./telemetry/callRecord.js";

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const act = makeFunctionReference<"action">("ai:suggest");

// Convex shedding load, as the HTTP API's body says it: a transient failure worth retrying.
const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));
// The shape of a Node fetch failure after the request went out (undici).
const connectionReset = () =>
  Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
const fast = { initialDelayMs: 1, maxDelayMs: 5 };

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions = {}, processor?: SpanProcessor) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter), ...(processor ? [processor] : [])],
  });
  const full = createLens({
    tracerProvider: provider,
    retry: fast,
    ...options,
    use: [alerts(), faults()],
  });
  lens = full;
  const records: CallRecord[] = [];
  full.onCall((record) => records.push(record));
  const spans = () => exporter.getFinishedSpans();
  return { lens: full, spans, records };
}

function failing(errors: (() => unknown)[], value: unknown = "ok") {
  let n = 0;
  return () => {
    const next = errors[n++];
    if (next) throw next();
    return value;
  };
}

const children = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

describe("a successful call", () => {
  it("returns the transport's result: an INTERNAL span for the call, a CLIENT span for its one request", async () => {
    const { lens, spans, records } = setup();
    const { client } = scriptedClient(() => ["hi"]);
    const instrumented = lens.instrument(client);
    expect(instrumented).toBe(client);
    await expect(client.query(list, {})).resolves.toEqual(["hi"]);
    const [request, call, ...rest] = spans();
    expect(rest).toEqual([]);
    expect(call?.name).toBe("query messages:list");
    expect(call?.kind).toBe(SpanKind.INTERNAL);
    expect(request?.name).toBe("query messages:list");
    expect(request?.kind).toBe(SpanKind.CLIENT);
    expect(request?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    const attributes = {
      "rpc.system.name": "convex",
      "rpc.method": "messages:list",
      "server.address": "127.0.0.1",
      "server.port": 3210,
      "convex.function.kind": "query",
      "convex.transport": "http",
    };
    expect(call?.attributes).toMatchObject(attributes);
    expect(request?.attributes).toMatchObject({ ...attributes, "convex.retry.attempt": 1 });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ functionPath: "messages:list", attempts: 1, error: null });
  });
});

describe("retries follow Convex semantics", () => {
  it("retries a query's transient failures: one logical span with an attempt child each", async () => {
    const { lens, spans, records } = setup();
    const { client, sent } = scriptedClient(failing([overloaded, overloaded]));
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(sent).toHaveLength(3);
    const logical = spans().find((s) => !s.parentSpanContext)!;
    const attempts = children(spans(), logical);
    expect(attempts.map((s) => s.attributes["convex.retry.attempt"]).sort()).toEqual([1, 2, 3]);
    expect(logical.attributes["convex.attempts"]).toBe(3);
    expect(logical.events.filter((e) => e.name === "convex.retry")).toHaveLength(2);
    expect(records[0]?.attemptDetails.map((a) => a.error?.code ?? "ok")).toEqual([
      "OVERLOADED",
      "OVERLOADED",
      "ok",
    ]);
  });

  it("re-sends a mutation whose reported failure rolled back, but not one whose outcome is unknown", async () => {
    const { lens } = setup();
    const rolledBack = scriptedClient(failing([overloaded]));
    lens.instrument(rolledBack.client);
    await expect(rolledBack.client.mutation(send, {})).resolves.toBe("ok");
    expect(rolledBack.sent).toHaveLength(2);

    const reset = scriptedClient(failing([connectionReset]));
    lens.instrument(reset.client);
    const error = await reset.client.mutation(send, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LensError);
    expect((error as LensError).code).toBe(ErrorCode.NETWORK);
    expect(reset.sent).toHaveLength(1);
  });

  it("re-sends a mutation whose outcome is unknown only when it is declared idempotent", async () => {
    const { lens } = setup({ functions: { "messages:send": { idempotent: true } } });
    const { client, sent } = scriptedClient(failing([connectionReset]));
    lens.instrument(client);
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
  });

  it("never retries an action unless it is declared idempotent", async () => {
    const plain = setup();
    const once = scriptedClient(failing([overloaded]));
    plain.lens.instrument(once.client);
    await expect(once.client.action(act, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    expect(once.sent).toHaveLength(1);
    await plain.lens.shutdown();

    const idempotent = setup({ functions: { "ai:*": { idempotent: true } } });
    const twice = scriptedClient(failing([overloaded]));
    idempotent.lens.instrument(twice.client);
    await expect(twice.client.action(act, {})).resolves.toBe("ok");
    expect(twice.sent).toHaveLength(2);
  });

  it("never retries a ConvexError, which stays a ConvexError with its data", async () => {
    const { lens } = setup();
    const { client, sent } = scriptedClient(() => {
      throw new ConvexError({ code: "NOT_FOUND", message: "no such task" });
    });
    lens.instrument(client);
    const error = await client.query(list, {}).catch((e: unknown) => e);
    expect(sent).toHaveLength(1);
    expect(error).toBeInstanceOf(ConvexError);
    expect(error).toBeInstanceOf(LensError);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("NOT_FOUND");
    expect((error as LensError).code).toBe(ErrorCode.NOT_FOUND);
  });

  it("fails a mutation that times out with OUTCOME_UNKNOWN, never TIMEOUT, and does not re-send it", async () => {
    const { lens, spans } = setup({ timeoutMs: { mutation: 20, query: 20 } });
    const { client, sent } = scriptedClient(() => new Promise(() => {}));
    lens.instrument(client);
    await expect(client.mutation(send, {})).rejects.toMatchObject({ code: "OUTCOME_UNKNOWN" });
    expect(sent).toHaveLength(1);
    expect(spans()[0]?.attributes["error.type"]).toBe("OUTCOME_UNKNOWN");
  });

  it("times a query out with TIMEOUT and retries it", async () => {
    const { lens } = setup({ timeoutMs: { query: 20 }, retry: { ...fast, maxAttempts: 2 } });
    const { client, sent } = scriptedClient(() => new Promise(() => {}));
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(sent).toHaveLength(2);
  });
});

describe("breakers", () => {
  it("open after the threshold, fail fast without sending, half-open after openMs and close on success", async () => {
    const { lens, spans } = setup({
      retry: false,
      breaker: { consecutiveFailures: 2, openMs: 40 },
    });
    let healthy = false;
    const { client, sent } = scriptedClient(() => {
      if (!healthy) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    expect(lens.breakers()[0]).toMatchObject({ scope: "messages:list", state: "open" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    expect(sent).toHaveLength(2);
    const refused = spans().at(-1)!;
    expect(refused.attributes["convex.breaker.state"]).toBe("open");
    await new Promise((r) => setTimeout(r, 60));
    healthy = true;
    expect(lens.breakers()[0]?.state).toBe("half-open");
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(lens.breakers()[0]?.state).toBe("closed");
    expect(
      spans()
        .at(-1)!
        .events.map((e) => e.name),
    ).toContain("convex.breaker.transition");
  });

  it("can be isolated and reset by hand", async () => {
    const { lens } = setup({ retry: false });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    await client.query(list, {});
    lens.breaker("messages:list").isolate();
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    lens.breaker("messages:list").reset();
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
  });

  it("are created only by calls: a typo or a DevTools command adds no phantom breaker", async () => {
    const { lens } = setup();
    expect(() => lens.breaker("mesages:list")).toThrow(/No breaker for "mesages:list"/);
    expect(lens.breakers()).toEqual([]);
  });

  it("always give a real function its breaker, even after many other functions ran", async () => {
    const { lens } = setup({ retry: false });
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    for (let i = 0; i < 1_001; i++) {
      await client.query(makeFunctionReference<"query">(`gen:f${i}`), {});
    }
    await client.query(list, {});
    expect(() => lens.breaker("messages:list").snapshot()).not.toThrow();
  });

  it("count only failures that say the backend is unwell", async () => {
    const { lens } = setup({ retry: false, breaker: { consecutiveFailures: 1 } });
    const { client } = scriptedClient(() => {
      throw new ConvexError({ code: "VALIDATION" });
    });
    lens.instrument(client);
    for (let i = 0; i < 3; i++) await client.query(list, {}).catch(() => {});
    expect(lens.breakers()[0]?.state).toBe("closed");
  });
});

describe("bulkhead", () => {
  it("rejects calls beyond the queue at once with RATE_LIMITED", async () => {
    const { lens } = setup({ functions: { "ai:*": { maxConcurrent: 1, maxQueued: 1 } } });
    const releases: (() => void)[] = [];
    const { client } = scriptedClient(
      () => new Promise((resolve) => releases.push(() => resolve("ok"))),
    );
    lens.instrument(client);
    const first = client.action(act, {});
    const second = client.action(act, {});
    await expect(client.action(act, {})).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await expect(first).resolves.toBe("ok");
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await expect(second).resolves.toBe("ok");
  });
});

describe("bulkhead clocks and slots", () => {
  /** A transport that answers after `ms`, and tracks how many requests are on the wire at once. */
  function slowTransport(ms: number) {
    const wire = { now: 0, max: 0 };
    const { client, sent } = scriptedClient(async () => {
      wire.now++;
      wire.max = Math.max(wire.max, wire.now);
      await new Promise((r) => setTimeout(r, ms));
      wire.now--;
      return "ok";
    });
    return { client, sent, wire };
  }

  it("starts a queued mutation's timeout when it is sent, so it never fails as OUTCOME_UNKNOWN while on the wire", async () => {
    // Three sends in a row take 450 ms, past the 300 ms timeout, so a timeout started on queueing
    // would fail the third; each send alone leaves 150 ms of room for a loaded machine's timers.
    const { lens } = setup({
      functions: { "messages:send": { maxConcurrent: 1, timeoutMs: 300 } },
    });
    const { client } = slowTransport(150);
    lens.instrument(client);
    const results = await Promise.allSettled([1, 2, 3].map(() => client.mutation(send, {})));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
  });

  it("holds a slot until the request settles, past its timeout: maxConcurrent is never exceeded on the wire", async () => {
    const { lens } = setup({
      retry: false,
      functions: { "messages:send": { maxConcurrent: 1, timeoutMs: 30 } },
    });
    const { client, sent, wire } = slowTransport(150);
    lens.instrument(client);
    const first = client.mutation(send, {}).catch((e: LensError) => e.code);
    const second = client.mutation(send, {}).catch((e: LensError) => e.code);
    await new Promise((r) => setTimeout(r, 120));
    expect(await first).toBe("OUTCOME_UNKNOWN");
    expect(sent).toHaveLength(1);
    await second;
    expect(wire.max).toBe(1);
  });

  it("keeps an aborted call's slot until its request settles: the next call waits, maxConcurrent holds on the wire", async () => {
    const { lens } = setup({ retry: false, functions: { "messages:send": { maxConcurrent: 1 } } });
    const { client, sent, wire } = slowTransport(120);
    lens.instrument(client);
    const controller = new AbortController();
    const first = lens
      .call(client, { signal: controller.signal })
      .mutation(send, {})
      .catch((e: LensError) => e.code);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await first).toBe("ABORTED");
    const second = client.mutation(send, {});
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toHaveLength(1);
    await expect(second).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
    expect(wire.max).toBe(1);
  });

  it("does not open a slow-call breaker for time calls spent queued", async () => {
    const { lens } = setup({
      breaker: { slowCallMs: 150, minimumCalls: 3 },
      functions: { "messages:list": { maxConcurrent: 1 } },
    });
    const { client } = slowTransport(60);
    lens.instrument(client);
    await Promise.all([1, 2, 3, 4, 5].map(() => client.query(list, {})));
    expect(lens.breakers().map((b) => [b.scope, b.state, b.slowCalls])).toEqual([
      ["messages:list", "closed", 0],
    ]);
  });
});

describe("client-side fault injection", () => {
  it("fails only the matching functions, marks their spans, and never reaches the transport", async () => {
    const { lens, spans } = setup({ retry: false });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    lens.faults.set({ errorRate: 1, functions: "messages:*" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    await expect(client.action(act, {})).resolves.toBe("ok");
    expect(sent.map((c) => c.path)).toEqual(["ai:suggest"]);
    expect(spans()[0]?.attributes["convex.fault_injected"]).toBe(true);
    lens.faults.clear();
    await expect(client.query(list, {})).resolves.toBe("ok");
  });

  it("retries an injected overload like an outage, but never an injected bug", async () => {
    const { lens } = setup({ retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 } });
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    const attempts: number[] = [];
    lens.onCall((record) => {
      attempts.push(record.attempts);
    });
    lens.faults.set({ errorRate: 1, error: "overloaded" });
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "OVERLOADED" });
    lens.faults.set({ errorRate: 1, error: "bug" });
    await expect(client.query(list, {})).rejects.toMatchObject({
      code: "SERVER_ERROR",
      retryable: false,
    });
    expect(attempts).toEqual([3, 1]);
  });

  it("holds calls while offline and sends them once back online", async () => {
    const { lens } = setup();
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    lens.faults.set({ offline: true });
    expect(lens.online.isOnline()).toBe(false);
    const pending = client.mutation(send, {});
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(0);
    lens.faults.clear();
    await expect(pending).resolves.toBe("ok");
    expect(sent).toHaveLength(1);
  });

  it("rejects a bad fault configuration with a CONFIGURATION error naming the option", () => {
    const { lens } = setup();
    expect(() => lens.faults.set({ errorRate: 2 })).toThrow(/errorRate/);
    try {
      lens.faults.set({ errorRate: 2 });
    } catch (error) {
      expect((error as LensError).code).toBe(ErrorCode.CONFIGURATION);
    }
  });
});

describe("telemetry never breaks the app", () => {
  it("keeps results unchanged when a span processor throws, and counts it", async () => {
    const throwing: SpanProcessor = {
      onStart: () => {
        throw new Error("processor onStart");
      },
      onEnd: () => {
        throw new Error("processor onEnd");
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const { lens } = setup({}, throwing);
    const { client } = scriptedClient(failing([overloaded], 42));
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe(42);
    expect(lens.diagnostics().total).toBeGreaterThan(0);
  });

  it("keeps results unchanged when the tracer itself throws", async () => {
    const provider: TracerProvider = {
      getTracer: () =>
        ({
          startSpan: () => {
            throw new Error("tracer down");
          },
        }) as never,
    };
    lens = createLens({ tracerProvider: provider });
    const { client } = scriptedClient(() => "fine");
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe("fine");
    // Both spans failed to start: the call's and its request's.
    expect(lens.diagnostics().errors.tracer).toBe(2);
  });

  it("keeps results unchanged when an onCall listener throws", async () => {
    const { lens } = setup();
    lens.onCall(() => {
      throw new Error("listener");
    });
    const { client } = scriptedClient(() => "fine");
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe("fine");
    expect(lens.diagnostics().errors.listener).toBe(1);
  });
});

describe("capture and server logs", () => {
  it("records redacted argument previews only when capture is on", async () => {
    const { lens, spans } = setup({ capture: { args: true, results: true } });
    const { client } = scriptedClient(() => ({ token: "t0k3n", rows: 2 }));
    lens.instrument(client);
    await client.mutation(send, { body: "hello", password: "hunter2" });
    const span = spans().find((s) => !s.parentSpanContext)!;
    expect(span.attributes["convex.args"]).toBe('{"body":"hello","password":"[REDACTED]"}');
    expect(span.attributes["convex.result"]).toBe('{"token":"[REDACTED]","rows":2}');
  });

  it("attaches the server's log lines to the call whose response carried them", async () => {
    const { lens, spans, records } = setup();
    const scripted = scriptedSocketClient(() => "ok");
    scripted.responseLogs = () => ["[LOG] 'saved' 3"];
    lens.instrument(scripted.client);
    await scripted.client.mutation(send, {});
    const event = spans()
      .find((s) => !s.parentSpanContext)
      ?.events.find((e) => e.name === "convex.log");
    expect(event?.attributes).toEqual({ level: "LOG", text: "'saved' 3" });
    expect(records[0]?.events[0]?.name).toBe("convex.log");
  });
});

describe("security audit", () => {
  it("records an auth failure as an audit event on the span and in the audit log", async () => {
    const { lens, spans } = setup();
    const { client } = scriptedClient(() => {
      throw new ConvexError({ code: "FORBIDDEN" });
    });
    lens.instrument(client);
    await client.mutation(send, {}).catch(() => {});
    const audit = spans()
      .find((s) => !s.parentSpanContext)
      ?.events.find((e) => e.name === "convex.security.audit");
    expect(audit?.attributes).toMatchObject({
      "convex.audit.type": "auth.forbidden",
      "error.type": "FORBIDDEN",
    });
    expect(lens.auditLog()).toHaveLength(1);
  });

  it("records waiting for the network as an event", async () => {
    const { lens, spans } = setup();
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    lens.faults.set({ offline: true });
    const pending = client.query(list, {});
    await new Promise((r) => setTimeout(r, 10));
    lens.faults.clear();
    await pending;
    const logical = spans().find((s) => !s.parentSpanContext);
    expect(logical?.events.map((e) => e.name)).toContain("convex.wait_online");
  });
});

describe("global handlers", () => {
  it("classify and log unhandled rejections without swallowing them, until uninstalled", () => {
    const records: { message: string; code?: string }[] = [];
    const full = createLens({
      devtools: false,
      use: [logger({ level: "error", sink: (record) => records.push(record) }), globalHandlers()],
    });
    lens = full;
    const target = new EventTarget();
    const uninstall = full.installGlobalHandlers(target);
    const event = Object.assign(new Event("unhandledrejection", { cancelable: true }), {
      reason: new Error("[Request ID: 0123456789abcdef] Server Error"),
    });
    target.dispatchEvent(event);
    expect(records).toHaveLength(1);
    expect(records[0]?.code).toBe("SERVER_ERROR");
    expect(event.defaultPrevented).toBe(false);
    uninstall();
    target.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: "again" }));
    expect(records).toHaveLength(1);
  });
});

describe("createLens", () => {
  it("rejects invalid options with a CONFIGURATION error that names the option", () => {
    expect(() => createLens({ retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts/);
    expect(() => createLens({ breaker: { failureRateThreshold: 3 } })).toThrow(
      /failureRateThreshold/,
    );
    expect(() => createLens({ timeoutMs: { query: -1 } })).toThrow(/timeoutMs\.query/);
    expect(() => createLens({ retires: {} } as LensOptions)).toThrow(/retires is not an option/);
    expect(() => createLens({ functions: { "a:*": { maxQueued: 1 } } })).toThrow(/maxConcurrent/);
  });

  it("merges a glob's retry settings with an exact key's, field by field", async () => {
    const { lens } = setup({
      functions: {
        "messages:*": { retry: { maxAttempts: 2 } },
        "messages:list": { retry: { initialDelayMs: 2 } },
      },
    });
    const { client, sent } = scriptedClient(failing([connectionReset, connectionReset]));
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "NETWORK" });
    expect(sent).toHaveLength(2);
  });

  it("honours a function's own retry budget instead of ignoring it", async () => {
    const { lens } = setup({
      functions: { "messages:list": { retry: { budget: { maxTokens: 0 } } } },
    });
    const { client, sent } = scriptedClient(failing([connectionReset]));
    lens.instrument(client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "NETWORK" });
    expect(sent).toHaveLength(1);
    expect(() =>
      createLens({ functions: { "a:b": { retry: { budget: { ratio: -1 } } } } }),
    ).toThrow(/functions\["a:b"\]\.retry\.budget\.ratio/);
  });

  it("refuses an object that is not a Convex client", () => {
    const lens = createLens();
    expect(() => lens.instrument({} as never)).toThrow(
      /ConvexReactClient, ConvexClient or ConvexHttpClient/,
    );
  });

  it("restores the client's own methods on shutdown", async () => {
    const { lens, records } = setup();
    const { client } = scriptedClient(() => "ok");
    const before = client.query;
    lens.instrument(client);
    expect(client.query).not.toBe(before);
    await lens.shutdown();
    expect(client.query).toBe(before);
    await client.query(list, {});
    expect(records).toHaveLength(0);
  });

  it("lets a new lens instrument a client once the lens that held it has shut down", async () => {
    const first = createLens();
    const { client } = scriptedClient(() => "ok");
    first.instrument(client);
    await first.shutdown();
    const { lens, records } = setup();
    expect(lens.instrument(client)).toBe(client);
    await client.query(list, {});
    expect(records).toHaveLength(1);
  });
});
