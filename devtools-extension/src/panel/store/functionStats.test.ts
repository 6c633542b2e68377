import type { WireCall } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { toCallEntry } from "./callEntry";
import { FunctionStats } from "./functionStats";
import { wireCall, wireError } from "./test-support/wireItems";

const statsOf = (...calls: WireCall[]) => {
  const stats = new FunctionStats();
  for (const call of calls) stats.add(toCallEntry(call, "s", null, call.seq));
  return stats.rows();
};

const failed = { code: "NETWORK", message: "fetch failed" };

/**
 * A query that failed twice and answered on its third attempt: 230 ms, 100 ms backoff, 40 ms,
 * 200 ms backoff, then 95 ms; 665 ms in all. The SDK times it by the 95 ms attempt.
 */
const retriedQuery = (seq: number) =>
  wireCall(seq, {
    startedAt: 0,
    durationMs: 665,
    functionMs: 95,
    attempts: 3,
    attemptDetails: [
      { attempt: 1, startedAt: 0, durationMs: 230, error: failed },
      { attempt: 2, startedAt: 330, durationMs: 40, error: failed },
      { attempt: 3, startedAt: 570, durationMs: 95, error: null },
    ],
  });

/** A query an open breaker refused: it failed at once and the function never ran. */
const refusedQuery = (seq: number) =>
  wireCall(seq, { durationMs: 0, functionMs: null, error: wireError("CIRCUIT_OPEN") });

describe("the panel's per-function latency, without the SDK's metrics", () => {
  it("times a retried call by its last attempt, not its retries and backoffs", () => {
    expect(statsOf(retriedQuery(1))[0]).toMatchObject({ count: 1, p50: 95, p95: 95, p99: 95 });
  });

  it("leaves a wait for the socket out of a call's latency", () => {
    const coldStart = wireCall(1, { durationMs: 420, connectMs: 390, functionMs: 30 });
    expect(statsOf(coldStart)[0]).toMatchObject({ p50: 30, p99: 30 });
  });

  it("times a call that waited for nothing (no functionMs) by its duration", () => {
    expect(statsOf(wireCall(1, { durationMs: 12 }))[0]).toMatchObject({ p50: 12, p99: 12 });
  });

  it("counts a call an open breaker refused as an error but adds no latency", () => {
    const rows = statsOf(wireCall(1, { durationMs: 20 }), refusedQuery(2), refusedQuery(3));
    expect(rows[0]).toMatchObject({ count: 3, errors: 2, errorRate: 2 / 3, p50: 20, p99: 20 });
  });

  it("shows no latency for a function whose every call was refused", () => {
    expect(statsOf(refusedQuery(1))[0]).toMatchObject({
      count: 1,
      errors: 1,
      p50: null,
      p95: null,
      p99: null,
    });
  });

  it("adds no latency for a subscription's failure pushed after its first result", () => {
    const pushed = wireCall(2, {
      subscription: true,
      afterFirstResult: true,
      durationMs: 5_000,
      functionMs: null,
      error: wireError("SERVER_ERROR"),
    });
    const first = wireCall(1, { subscription: true, durationMs: 40, functionMs: 25 });
    expect(statsOf(first, pushed)[0]).toMatchObject({ count: 2, errors: 1, p50: 25, p99: 25 });
  });
});
