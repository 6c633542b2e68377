import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { everything } from "../modules/everything.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import { ATTR_CONVEX_RETRY_DELAY_MS, EVENT_RETRY } from "../telemetry/semconv.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

// Ground truth for a subscription retried before its first result. The record covers subscribe →
// first result; its attempts tile that span with the backoff waits between them; connectMs and
// functionMs split the last attempt (the one that answered):
//   durationMs = Σ earlier attempts + Σ backoffs + connectMs + functionMs.
// The clock is controlled (Date, performance and timers), so every number is exact.

const list = makeFunctionReference<"query">("messages:list");
const T0 = 1_800_000_000_000;
// An outage as the client reports it: the fetch under the socket failed (transient, retryable).
const outage = () =>
  Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });

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

function setup() {
  const full = createLens({
    devtools: false,
    use: everything(),
    // No jitter: the backoffs are 100 ms then 200 ms.
    retry: {
      maxAttempts: 4,
      initialDelayMs: 100,
      multiplier: 2,
      maxDelayMs: 1_000,
      jitter: "none",
    },
  });
  lens = full;
  const records: CallRecord[] = [];
  full.onCall((record) => records.push(record));
  return { lens: full, records };
}

describe("a subscription retried before its first result", () => {
  it("records the whole wait from subscribe, each attempt and backoff, and the last attempt's connect and function time, adding up", () => {
    const { lens, records } = setup();
    // A cold start: the socket is not up yet.
    const socket = scriptedSocketClient(() => "ok", { connected: false });
    const client = lens.instrument(socket.client);
    const seen: unknown[] = [];
    const stop = client.onUpdate(list, {}, (value) => seen.push(value));

    // Attempt 1: 200 ms waiting for the socket, 30 ms more, then the query fails.
    vi.advanceTimersByTime(200);
    socket.setConnected(true);
    vi.advanceTimersByTime(30);
    socket.fail("messages:list", outage());
    expect(socket.subscribers("messages:list")).toBe(0);
    // Backoff 1: 100 ms, then attempt 2 fails after 40 ms.
    vi.advanceTimersByTime(100);
    expect(socket.subscribers("messages:list")).toBe(1);
    vi.advanceTimersByTime(40);
    socket.fail("messages:list", outage());
    // Backoff 2: 200 ms, during which the socket drops; attempt 3 waits 70 ms for it, then the
    // function answers 25 ms later.
    vi.advanceTimersByTime(150);
    socket.setConnected(false);
    vi.advanceTimersByTime(50);
    expect(socket.subscribers("messages:list")).toBe(1);
    vi.advanceTimersByTime(70);
    socket.setConnected(true);
    vi.advanceTimersByTime(25);
    socket.push("messages:list", ["a"]);

    expect(seen).toEqual([["a"]]);
    expect(records).toHaveLength(1);
    const record = records[0] as CallRecord;
    expect(record).toMatchObject({
      subscription: true,
      error: null,
      recovered: true,
      attempts: 3,
      startedAt: T0,
      durationMs: 230 + 100 + 40 + 200 + 95,
      connectMs: 70,
      functionMs: 25,
    });
    expect(record.attemptDetails).toEqual([
      {
        attempt: 1,
        startedAt: T0,
        durationMs: 230,
        error: { code: "NETWORK", message: expect.any(String) },
      },
      {
        attempt: 2,
        startedAt: T0 + 330,
        durationMs: 40,
        error: { code: "NETWORK", message: expect.any(String) },
      },
      { attempt: 3, startedAt: T0 + 570, durationMs: 95, error: null },
    ]);
    const retries = record.events.filter((e) => e.name === EVENT_RETRY);
    expect(retries.map((e) => e.attributes?.[ATTR_CONVEX_RETRY_DELAY_MS])).toEqual([100, 200]);

    // The pieces add up: the attempts tile the record with the backoffs between them, and the
    // last attempt is its connect wait plus the function's time.
    const details = record.attemptDetails;
    const last = details[details.length - 1]!;
    expect(details[0]?.startedAt).toBe(record.startedAt);
    expect(last.startedAt + last.durationMs).toBe(record.startedAt + record.durationMs);
    const earlier = details.slice(0, -1).reduce((sum, a) => sum + a.durationMs, 0);
    const backoffs = details
      .slice(1)
      .reduce(
        (sum, a, i) => sum + a.startedAt - (details[i]!.startedAt + details[i]!.durationMs),
        0,
      );
    expect(backoffs).toBe(300);
    expect(last.durationMs).toBe((record.connectMs ?? 0) + (record.functionMs as number));
    expect(earlier + backoffs + (record.connectMs ?? 0) + (record.functionMs as number)).toBe(
      record.durationMs,
    );

    // lens.subscriptions() tells the same story: the first result's time from subscribe, split.
    const [snapshot] = lens.subscriptions();
    expect(snapshot).toMatchObject({
      subscribedAt: T0,
      firstResult: { at: T0 + record.durationMs, connectMs: 70, functionMs: 25 },
    });

    // Query latency is the function's own time, not the outage nor the socket's.
    expect(lens.metrics().totals.query.session.latency?.max).toBe(25);
    stop();
  });

  it("counts no connect wait when the socket was up for the answering attempt", () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(list, {}, () => {});
    vi.advanceTimersByTime(15);
    socket.fail("messages:list", outage());
    vi.advanceTimersByTime(100 + 35);
    socket.push("messages:list", ["a"]);
    const record = records[0] as CallRecord;
    expect(record).toMatchObject({ durationMs: 150, connectMs: 0, functionMs: 35, attempts: 2 });
    expect(record.attemptDetails.map((a) => [a.startedAt - T0, a.durationMs])).toEqual([
      [0, 15],
      [115, 35],
    ]);
    stop();
  });

  it("counts a drop during the first attempt as the time the socket was down, as a one-shot call does", () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(list, {}, () => {});
    // Sent over a connected socket; 40 ms in, the socket drops for 300 ms; the result comes 20 ms
    // after it is back. The 40 ms before the drop were the function's, not a wait for the socket.
    vi.advanceTimersByTime(40);
    socket.setConnected(false);
    vi.advanceTimersByTime(300);
    socket.setConnected(true);
    vi.advanceTimersByTime(20);
    socket.push("messages:list", ["a"]);

    expect(records[0]).toMatchObject({
      attempts: 1,
      durationMs: 360,
      connectMs: 300,
      functionMs: 60,
    });
    expect(lens.subscriptions()[0]?.firstResult).toEqual({
      at: T0 + 360,
      connectMs: 300,
      functionMs: 60,
    });
    expect(lens.metrics().totals.query.session.latency?.max).toBe(60);
    stop();
  });

  it("adds up the same way when every attempt fails and the last failure surfaces", () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const errors: unknown[] = [];
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      (error) => errors.push(error),
    );
    // Attempts of 10, 20, 30 and 40 ms, with backoffs of 100, 200 and 400 ms between them; the
    // socket drops during the last backoff and is back 15 ms into the last attempt.
    vi.advanceTimersByTime(10);
    socket.fail("messages:list", outage());
    vi.advanceTimersByTime(100 + 20);
    socket.fail("messages:list", outage());
    vi.advanceTimersByTime(200 + 30);
    socket.fail("messages:list", outage());
    socket.setConnected(false);
    vi.advanceTimersByTime(400 + 15);
    socket.setConnected(true);
    vi.advanceTimersByTime(25);
    socket.fail("messages:list", outage());

    expect(errors).toHaveLength(1);
    const record = records[0] as CallRecord;
    expect(record).toMatchObject({
      error: { code: "NETWORK" },
      attempts: 4,
      durationMs: 10 + 100 + 20 + 200 + 30 + 400 + 40,
      connectMs: 15,
      functionMs: 25,
    });
    expect(record.attemptDetails.map((a) => [a.startedAt - T0, a.durationMs])).toEqual([
      [0, 10],
      [110, 20],
      [330, 30],
      [760, 40],
    ]);
    expect(record.attemptDetails.every((a) => a.error?.code === "NETWORK")).toBe(true);
    stop();
  });
});
