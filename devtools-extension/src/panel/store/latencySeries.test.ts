import type { WireCall } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { toCallEntry } from "./callEntry";
import { LatencySeries } from "./latencySeries";
import { wireCall, wireError } from "./test-support/wireItems";

const pointsOf = (...calls: WireCall[]) => {
  const series = new LatencySeries();
  for (const call of calls) series.add(toCallEntry(call, "s", null, call.seq));
  return series.points();
};

describe("the panel's latency chart, without the SDK's metrics", () => {
  it("plots a retried call at its last attempt's latency, in the second it ended", () => {
    const retried = wireCall(1, { startedAt: 9_500, durationMs: 665, functionMs: 95, attempts: 3 });
    expect(pointsOf(retried)).toEqual([
      { at: 10_000, count: 1, errors: 0, errorRate: 0, p50: 95, p95: 95 },
    ]);
  });

  it("leaves a wait for the socket out, and times a call with no functionMs by its duration", () => {
    const coldStart = wireCall(1, {
      startedAt: 0,
      durationMs: 400,
      connectMs: 390,
      functionMs: 10,
    });
    const warm = wireCall(2, { startedAt: 0, durationMs: 10 });
    expect(pointsOf(coldStart, warm)[0]).toMatchObject({ count: 2, p50: 10, p95: 10 });
  });

  it("counts a refused call's error but plots no latency for it", () => {
    const refused = (seq: number) =>
      wireCall(seq, {
        startedAt: 0,
        durationMs: 0,
        functionMs: null,
        error: wireError("CIRCUIT_OPEN"),
      });
    expect(pointsOf(refused(1), refused(2))).toEqual([
      { at: 0, count: 2, errors: 2, errorRate: 1, p50: null, p95: null },
    ]);
    expect(pointsOf(refused(1), wireCall(2, { startedAt: 0, durationMs: 30 }))[0]).toMatchObject({
      count: 2,
      errors: 1,
      p50: 30,
      p95: 30,
    });
  });
});
