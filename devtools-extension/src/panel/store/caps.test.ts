import { describe, expect, it } from "vitest";
import { BoundedRing } from "./boundedRing";
import { toCallEntry } from "./callEntry";
import { ErrorGroups } from "./errorGroups";
import { FunctionStats } from "./functionStats";
import { LatencySeries } from "./latencySeries";
import { wireCall, wireError } from "./test-support/wireItems";

const entry = (seq: number, extra = {}) => toCallEntry(wireCall(seq, extra), "s", null, seq);

describe("the panel's bounded buffers", () => {
  it("BoundedRing keeps the newest entries up to its capacity, addressed by id", () => {
    const ring = new BoundedRing<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i * 10);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([50, 60, 70]);
    expect([ring.get(4), ring.get(5), ring.get(8)]).toEqual([undefined, 50, undefined]);
    expect(ring.newest(2)).toEqual([60, 70]);
    ring.clear();
    expect(ring.push(1)).toBe(8);
  });

  it("ErrorGroups drops the group seen least recently past its cap", () => {
    const groups = new ErrorGroups(3);
    for (let i = 1; i <= 5; i++)
      groups.add(entry(i, { functionPath: `m:f${i}`, error: wireError("TIMEOUT") }));
    expect(groups.size).toBe(3);
    expect(groups.evicted).toBe(2);
    expect(groups.list().map((g) => g.functionPath)).toEqual(["m:f5", "m:f4", "m:f3"]);
  });

  it("FunctionStats counts past its function cap without growing", () => {
    const stats = new FunctionStats(2);
    for (let i = 1; i <= 5; i++) stats.add(entry(i, { functionPath: `m:f${i}` }));
    expect(stats.rows()).toHaveLength(2);
    expect(stats.overflow).toBe(3);
  });

  it("LatencySeries keeps only its newest buckets and ignores calls older than them", () => {
    const series = new LatencySeries(1_000, 5);
    for (let s = 0; s < 20; s++) series.add(entry(1, { startedAt: s * 1_000, durationMs: 1 }));
    expect(series.size).toBe(5);
    series.add(entry(1, { startedAt: 0, durationMs: 1 }));
    expect(series.points().map((p) => p.at)).toEqual([15_000, 16_000, 17_000, 18_000, 19_000]);
  });

  it("LatencySeries reports p50, p95 (within the sketch's 1 %) and error rate per bucket", () => {
    const series = new LatencySeries();
    for (let i = 1; i <= 100; i++) {
      series.add(
        entry(i, { startedAt: 5_000, durationMs: i, error: i > 90 ? wireError("TIMEOUT") : null }),
      );
    }
    const [point] = series.points();
    expect(point).toMatchObject({ at: 5_000, count: 100, errors: 10, errorRate: 0.1 });
    expect(Math.abs((point?.p50 as number) / 50 - 1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs((point?.p95 as number) / 95 - 1)).toBeLessThanOrEqual(0.01);
  });

  it("FunctionStats keeps its percentiles within 1 % at 100,000 calls of one function", () => {
    const stats = new FunctionStats();
    for (let i = 1; i <= 100_000; i++) stats.add(entry(i, { durationMs: i / 100 }));
    const [row] = stats.rows();
    expect(row?.count).toBe(100_000);
    expect(Math.abs((row?.p50 as number) / 500 - 1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs((row?.p99 as number) / 990 - 1)).toBeLessThanOrEqual(0.01);
  });
});
