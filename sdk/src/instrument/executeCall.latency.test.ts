import { SpanKind } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { health } from "../modules/health.js";
import { metrics } from "../modules/metrics.js";
import type { LensOptions } from "../options.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import {
  ATTR_CONVEX_CONNECTION_WAIT_MS,
  ATTR_CONVEX_FUNCTION_DURATION_MS,
} from "../telemetry/semconv.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

// The function's latency of a one-shot call (`functionMs`, what metrics and health's query latency
// read) is its settling attempt's time, as a subscription's is: earlier attempts, backoffs and
// waits before the attempt was sent belong to the call's duration, not to the function.
// Over a WebSocket, the time the settling attempt spent with the socket down is its `connectMs`
// (health's connection check judges it), not the function's. Date, performance and timers are
// controlled, so every number is exact.

const list = makeFunctionReference<"query">("messages:list");
const suggest = makeFunctionReference<"action">("ai:suggest");
const T0 = 1_800_000_000_000;
const outage = () =>
  Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
const lasting = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let lens: Lens | undefined;
beforeEach(() => {
  vi.useFakeTimers({
    now: T0,
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
  });
});
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
  vi.useRealTimers();
});

function setup(options: LensOptions = {}) {
  const full = createLens({
    devtools: false,
    use: [metrics()],
    // No jitter: the backoffs are 100 ms, then 200 ms.
    retry: { maxAttempts: 3, initialDelayMs: 100, multiplier: 2, jitter: "none" },
    ...options,
  });
  lens = full;
  const records: CallRecord[] = [];
  full.onCall((record) => records.push(record));
  return { lens: full, records };
}

/** Attempts that last `ms[i]` each; every one but the last fails with a network outage. */
function failingThenAnswering(ms: readonly number[]) {
  let attempt = 0;
  return async () => {
    const i = attempt++;
    await lasting(ms[i] ?? 0);
    if (i < ms.length - 1) throw outage();
    return "ok";
  };
}

describe("a one-shot call that was retried", () => {
  it("is timed by the attempt that succeeded: the failed attempt and the backoff stay in its duration only", async () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(failingThenAnswering([40, 25]));
    const client = lens.instrument(socket.client);
    const pending = client.query(list, {});
    await vi.advanceTimersByTimeAsync(40 + 100 + 25);
    await expect(pending).resolves.toBe("ok");

    const record = records[0] as CallRecord;
    expect(record).toMatchObject({
      attempts: 2,
      recovered: true,
      error: null,
      durationMs: 165,
      functionMs: 25,
    });
    expect(record.attemptDetails.map((a) => [a.startedAt - T0, a.durationMs])).toEqual([
      [0, 40],
      [140, 25],
    ]);
    // Query latency is what the function took when it answered, not the outage before.
    expect(lens.metrics().totals.query.session.latency?.max).toBe(25);
  });

  it("is timed the same as a subscription retried through the same failure", async () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(failingThenAnswering([40, 25]));
    const client = lens.instrument(socket.client);

    const pending = client.query(list, {});
    await vi.advanceTimersByTimeAsync(165);
    await pending;
    const stop = client.onUpdate(list, {}, () => {});
    await vi.advanceTimersByTimeAsync(40);
    socket.fail("messages:list", outage());
    await vi.advanceTimersByTimeAsync(100 + 25);
    socket.push("messages:list", ["a"]);
    stop();

    const [call, subscription] = records as [CallRecord, CallRecord];
    expect(subscription.subscription).toBe(true);
    const timing = (r: CallRecord) => ({
      durationMs: r.durationMs,
      functionMs: r.functionMs,
      attempts: r.attemptDetails.map((a) => [a.startedAt - r.startedAt, a.durationMs]),
    });
    expect(timing(call)).toEqual(timing(subscription));
    expect(timing(call)).toEqual({
      durationMs: 165,
      functionMs: 25,
      attempts: [
        [0, 40],
        [140, 25],
      ],
    });
    const latency = lens.metrics().totals.query.session.latency;
    expect([latency?.min, latency?.max]).toEqual([25, 25]);
  });

  it("is timed by its last attempt when every attempt failed", async () => {
    const { lens, records } = setup();
    // Three attempts of 10, 20 and 30 ms, all failing.
    const socket = scriptedSocketClient(failingThenAnswering([10, 20, 30, 0]));
    const client = lens.instrument(socket.client);
    const pending = client.query(list, {}).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10 + 100 + 20 + 200 + 30);
    expect(await pending).toMatchObject({ code: "NETWORK" });

    expect(records[0]).toMatchObject({ attempts: 3, durationMs: 360, functionMs: 30 });
    expect(lens.metrics().totals.query.session.latency?.max).toBe(30);
  });

  it("is not timed when its open breaker refused the retry: the function never ran", async () => {
    const { lens, records } = setup({ breaker: { consecutiveFailures: 1 } });
    const socket = scriptedSocketClient(failingThenAnswering([40, 25]));
    const client = lens.instrument(socket.client);
    const pending = client.query(list, {}).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(40 + 100);
    expect(await pending).toMatchObject({ code: "CIRCUIT_OPEN" });

    expect(socket.sent).toHaveLength(1);
    expect(records[0]).toMatchObject({ attempts: 2, durationMs: 140, functionMs: null });
  });
});

describe("a one-shot call whose first attempt waited before it was sent", () => {
  it("is timed from when it left a bulkhead queue, not from when it joined it", async () => {
    const { lens, records } = setup({ functions: { "ai:*": { maxConcurrent: 1 } } });
    let n = 0;
    const socket = scriptedSocketClient(() => lasting(n++ === 0 ? 50 : 30).then(() => "ok"));
    const client = lens.instrument(socket.client);
    const both = Promise.all([client.action(suggest, {}), client.action(suggest, {})]);
    await vi.advanceTimersByTimeAsync(50 + 30);
    await both;

    const queued = records[1] as CallRecord;
    expect(queued).toMatchObject({ attempts: 1, durationMs: 80, functionMs: 30 });
    const latency = lens.metrics().totals.action.session.latency;
    expect([latency?.min, latency?.max]).toEqual([30, 50]);
  });

  it("is timed from when the network came back, not from when it was held offline", async () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => lasting(20).then(() => "ok"));
    const client = lens.instrument(socket.client);
    lens.setOnline(false);
    const pending = client.query(list, {});
    await vi.advanceTimersByTimeAsync(500);
    lens.setOnline("auto");
    await vi.advanceTimersByTimeAsync(20);
    await expect(pending).resolves.toBe("ok");

    expect(records[0]).toMatchObject({ attempts: 1, durationMs: 520, functionMs: 20 });
    expect(lens.metrics().totals.query.session.latency?.max).toBe(20);
  });
});

describe("a one-shot call over a WebSocket that was down", () => {
  const send = makeFunctionReference<"mutation">("messages:send");

  /** A socket client whose calls wait for `reconnected`, then take `ms` on the server. */
  function queuedUntilReconnect(ms: number, connected: boolean) {
    let reconnect = () => {};
    const reconnected = new Promise<void>((resolve) => {
      reconnect = resolve;
    });
    const socket = scriptedSocketClient(
      () => reconnected.then(() => lasting(ms)).then(() => "ok"),
      {
        connected,
      },
    );
    return {
      socket,
      reconnect: () => {
        socket.setConnected(true);
        reconnect();
      },
    };
  }

  it("keeps the 15 s outage out of a mutation's latency: it is the wait for the socket, the server's 20 ms the function's", async () => {
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    const records: CallRecord[] = [];
    full.onCall((record) => records.push(record));
    const { socket, reconnect } = queuedUntilReconnect(20, false);
    const client = full.instrument(socket.client);
    const pending = Promise.all([client.mutation(send, {}), client.query(list, {})]);
    await vi.advanceTimersByTimeAsync(15_000);
    reconnect();
    await vi.advanceTimersByTimeAsync(20);
    await expect(pending).resolves.toEqual(["ok", "ok"]);

    for (const record of records) {
      expect(record).toMatchObject({
        attempts: 1,
        error: null,
        durationMs: 15_020,
        connectMs: 15_000,
        functionMs: 20,
      });
    }
    const { mutation, query } = full.metrics().totals;
    expect([mutation.session.latency?.max, query.session.latency?.max]).toEqual([20, 20]);
    // Health judges the wait as a slow connect, not as slow functions; degraded at most, as the
    // socket is back.
    const checks = full.health().checks;
    expect(checks.find((check) => check.name === "query_latency")?.status).toBe("healthy");
    const connection = checks.find((check) => check.name === "connection");
    expect(connection).toMatchObject({ status: "degraded", value: 15_000 });
    expect(connection?.message).toContain("2 calls waited up to 15");
  });

  it("does not count the outage's wait as a slow call: its breaker sees the function's 20 ms", async () => {
    // Else a breaker with slowCallMs would open on the wait and refuse calls once the socket is back.
    const { lens, records } = setup({ breaker: { slowCallMs: 1_000 } });
    const { socket, reconnect } = queuedUntilReconnect(20, false);
    const client = lens.instrument(socket.client);
    const pending = Promise.all([client.query(list, {}), client.action(suggest, {})]);
    await vi.advanceTimersByTimeAsync(15_000);
    reconnect();
    await vi.advanceTimersByTimeAsync(20);
    await expect(pending).resolves.toEqual(["ok", "ok"]);

    expect(records.map((record) => record.connectMs)).toEqual([15_000, 15_000]);
    for (const breaker of lens.breakers()) {
      expect(breaker).toMatchObject({ state: "closed", slowCalls: 0, failures: 0 });
    }
    expect(lens.breakers()).toHaveLength(2);
  });

  it("does not open a breaker on queries that timed out while the socket was down: once it is back, they are sent", async () => {
    // The raw client would have answered them after the reconnect; a breaker opened by the outage
    // would refuse the calls that follow it.
    const { lens, records } = setup({ retry: false, breaker: { consecutiveFailures: 2 } });
    const { socket, reconnect } = queuedUntilReconnect(20, false);
    const client = lens.instrument(socket.client);
    const timedOut = [1, 2, 3].map(() => client.query(list, {}).catch((error) => error.code));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(await Promise.all(timedOut)).toEqual(["TIMEOUT", "TIMEOUT", "TIMEOUT"]);
    reconnect();
    const after = client.query(list, {});
    await vi.advanceTimersByTimeAsync(20);
    await expect(after).resolves.toBe("ok");
    expect(lens.breaker("messages:list").snapshot()).toMatchObject({
      state: "closed",
      failures: 0,
    });
    expect(records.map((record) => record.error?.code ?? "ok")).toEqual([
      "TIMEOUT",
      "TIMEOUT",
      "TIMEOUT",
      "ok",
    ]);
  });

  it("keeps a drop while the call was in flight out of its latency too", async () => {
    const { lens, records } = setup();
    const { socket, reconnect } = queuedUntilReconnect(15, true);
    const client = lens.instrument(socket.client);
    const pending = client.action(suggest, {});
    await vi.advanceTimersByTimeAsync(5);
    socket.setConnected(false);
    await vi.advanceTimersByTimeAsync(15_000);
    reconnect();
    await vi.advanceTimersByTimeAsync(15);
    await expect(pending).resolves.toBe("ok");

    expect(records[0]).toMatchObject({ durationMs: 15_020, connectMs: 15_000, functionMs: 20 });
    expect(lens.metrics().totals.action.session.latency?.max).toBe(20);
  });

  it("has no connectMs when the socket stayed connected: its whole duration is the function's", async () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => lasting(20).then(() => "ok"));
    const client = lens.instrument(socket.client);
    const pending = client.mutation(send, {});
    await vi.advanceTimersByTimeAsync(20);
    await pending;

    const record = records[0] as CallRecord;
    expect(record.durationMs).toBe(20);
    expect("connectMs" in record).toBe(false);
    expect("functionMs" in record).toBe(false);
    expect(lens.metrics().totals.mutation.session.latency?.max).toBe(20);
  });

  it("is timed by the retry that waited for the socket: its detail lasts the wait plus the function", async () => {
    const { lens, records } = setup();
    let attempt = 0;
    let reconnect = () => {};
    const reconnected = new Promise<void>((resolve) => {
      reconnect = resolve;
    });
    const socket = scriptedSocketClient(async () => {
      if (attempt++ === 0) {
        await lasting(40);
        throw outage();
      }
      await reconnected;
      await lasting(25);
      return "ok";
    });
    const client = lens.instrument(socket.client);
    const pending = client.query(list, {});
    await vi.advanceTimersByTimeAsync(40);
    socket.setConnected(false);
    // The backoff (100 ms), then 1 s more before the socket is back.
    await vi.advanceTimersByTimeAsync(1_100);
    socket.setConnected(true);
    reconnect();
    await vi.advanceTimersByTimeAsync(25);
    await expect(pending).resolves.toBe("ok");

    const record = records[0] as CallRecord;
    expect(record).toMatchObject({
      attempts: 2,
      durationMs: 1_165,
      connectMs: 1_000,
      functionMs: 25,
    });
    expect(record.attemptDetails.map((a) => [a.startedAt - T0, a.durationMs])).toEqual([
      [0, 40],
      [140, 1_025],
    ]);
  });

  it("gives a recorded span the wait and the function's time even when no listener wants records", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    lens = createLens({ devtools: false, tracerProvider: provider });
    const { socket, reconnect } = queuedUntilReconnect(20, false);
    const client = lens.instrument(socket.client);
    const pending = client.mutation(send, {});
    await vi.advanceTimersByTimeAsync(15_000);
    reconnect();
    await vi.advanceTimersByTimeAsync(20);
    await pending;

    const logical = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.INTERNAL);
    expect(logical?.attributes).toMatchObject({
      [ATTR_CONVEX_CONNECTION_WAIT_MS]: 15_000,
      [ATTR_CONVEX_FUNCTION_DURATION_MS]: 20,
    });
  });
});
