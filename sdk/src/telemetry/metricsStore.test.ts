import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LensError } from "../errors/index.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { Diagnostics } from "./diagnostics.js";
import { MetricsStore, OVERFLOW_FUNCTION_PATH } from "./metricsStore.js";
import { callRecord, failure } from "./test-support/callRecords.js";
import { exactQuantile } from "./test-support/exactQuantile.js";

function store(clock = new FakeClock(1_000_000), options = {}) {
  return { clock, metrics: new MetricsStore({ clock, ...options }) };
}

// The exact quantile of unsorted values, as the sketch defines it.
function exactQuantileOf(values: readonly number[], q: number): number {
  return exactQuantile(
    values.slice().sort((a, b) => a - b),
    q,
  );
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

// A hair over 1 % for floating-point rounding at bin edges.
const ONE_PERCENT = 0.01 * 1.000001;

describe("MetricsStore", () => {
  it("counts successes, failures by code and the error rate per function and kind", () => {
    const { metrics } = store();
    metrics.record(callRecord());
    metrics.record(callRecord());
    metrics.record(callRecord({ error: failure("TIMEOUT") }));
    metrics.record(callRecord({ error: failure("NETWORK") }));
    metrics.record(callRecord({ kind: "mutation", functionPath: "messages:list" }));

    const [query, mutation] = metrics.functionMetrics("messages:list");
    expect(query?.kind).toBe("query");
    expect(query?.session).toMatchObject({
      calls: 4,
      successes: 2,
      failures: 2,
      failuresByCode: { TIMEOUT: 1, NETWORK: 1 },
      errorRate: 0.5,
    });
    expect(mutation?.kind).toBe("mutation");
    expect(mutation?.session.calls).toBe(1);
    expect(mutation?.session.errorRate).toBe(0);
  });

  it("reports latency percentiles within 1% and exact min, max and mean", () => {
    const { metrics } = store();
    for (let ms = 1; ms <= 1000; ms++) metrics.record(callRecord({ durationMs: ms }));
    const latency = metrics.functionMetrics("messages:list")[0]?.session.latency;
    expect(latency?.count).toBe(1000);
    expect(latency?.min).toBe(1);
    expect(latency?.max).toBe(1000);
    expect(latency?.mean).toBeCloseTo(500.5, 9);
    expect(Math.abs((latency?.p50 ?? 0) - 500) / 500).toBeLessThanOrEqual(0.01);
    expect(Math.abs((latency?.p90 ?? 0) - 900) / 900).toBeLessThanOrEqual(0.01);
    expect(Math.abs((latency?.p95 ?? 0) - 950) / 950).toBeLessThanOrEqual(0.01);
    expect(Math.abs((latency?.p99 ?? 0) - 990) / 990).toBeLessThanOrEqual(0.01);
  });

  it("keeps the window's p50 within 1% when a few slow calls mix with many fast ones", () => {
    const { metrics } = store();
    const durations: number[] = [];
    for (let i = 0; i < 60; i++) durations.push(1 + i / 40); // 1–2.5 ms
    for (let i = 0; i < 40; i++) durations.push(800 + i);
    for (const durationMs of durations) metrics.record(callRecord({ durationMs }));
    const window = metrics.functionMetrics("messages:list")[0]?.window.latency;
    for (const q of [0.5, 0.95, 0.99] as const) {
      const key = q === 0.5 ? "p50" : q === 0.95 ? "p95" : "p99";
      expect(relativeError(window?.[key] ?? 0, exactQuantile(durations, q))).toBeLessThanOrEqual(
        ONE_PERCENT,
      );
    }
  });

  it("keeps every window's p50, p95 and p99 within 1% over random mixtures spanning 1 µs to 1 h", () => {
    // A mixture of up to four clusters, each spread ±20 % around a centre placed so that every
    // value stays within 1 µs…1 h (the range the sketch's cap keeps exact).
    const cluster = fc.record({
      centre: fc.double({ min: Math.log10(1e-3 / 0.8), max: Math.log10(3.6e6 / 1.2), noNaN: true }),
      weight: fc.integer({ min: 1, max: 10 }),
    });
    const call = fc.record({
      cluster: fc.nat(),
      spread: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
      atMs: fc.integer({ min: 0, max: 150_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(cluster, { minLength: 1, maxLength: 4 }),
        fc.array(call, { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 0, max: 160_000 }), { minLength: 1, maxLength: 4 }),
        (clusters, calls, readAts) => {
          const weighted = clusters.flatMap((c) => new Array<number>(c.weight).fill(c.centre));
          const timed = calls
            .map((c) => ({
              atMs: c.atMs,
              durationMs: 10 ** (weighted[c.cluster % weighted.length] as number) * c.spread,
            }))
            .sort((a, b) => a.atMs - b.atMs);
          const clock = new FakeClock(0);
          const metrics = new MetricsStore({ clock, windowMs: 60_000, windowBuckets: 6 });
          let next = 0;
          for (const readAt of readAts.slice().sort((a, b) => a - b)) {
            while (next < timed.length && (timed[next]?.atMs as number) <= readAt) {
              const { atMs, durationMs } = timed[next++] as { atMs: number; durationMs: number };
              clock.advance(atMs - clock.now());
              metrics.record(callRecord({ durationMs }));
            }
            clock.advance(readAt - clock.now());
            // The window holds the current 10 s sub-window and the five before it.
            const oldest = (Math.floor(readAt / 10_000) - 5) * 10_000;
            const inWindow = timed
              .slice(0, next)
              .filter((c) => c.atMs >= oldest)
              .map((c) => c.durationMs);
            const latency = metrics.windowTotals("query").latency;
            if (inWindow.length === 0) {
              expect(latency).toBeNull();
              continue;
            }
            expect(latency?.count).toBe(inWindow.length);
            expect(
              relativeError(latency?.p50 ?? 0, exactQuantileOf(inWindow, 0.5)),
            ).toBeLessThanOrEqual(ONE_PERCENT);
            expect(
              relativeError(latency?.p95 ?? 0, exactQuantileOf(inWindow, 0.95)),
            ).toBeLessThanOrEqual(ONE_PERCENT);
            expect(
              relativeError(latency?.p99 ?? 0, exactQuantileOf(inWindow, 0.99)),
            ).toBeLessThanOrEqual(ONE_PERCENT);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps only the slowest calls, slowest first, with the ids to open their traces", () => {
    const { metrics } = store(undefined, { slowestCount: 3 });
    const durations = [5, 50, 1, 500, 20, 400, 3];
    for (const durationMs of durations) {
      metrics.record(
        callRecord({ durationMs, traceId: `trace-${durationMs}`, spanId: `span-${durationMs}` }),
      );
    }
    metrics.record(
      callRecord({ durationMs: 450, error: failure("TIMEOUT"), traceId: "t", spanId: "s" }),
    );
    const slowest = metrics.functionMetrics("messages:list")[0]?.slowest ?? [];
    expect(slowest.map((call) => call.durationMs)).toEqual([500, 450, 400]);
    expect(slowest[0]).toMatchObject({ traceId: "trace-500", spanId: "span-500", code: null });
    expect(slowest[1]).toMatchObject({ traceId: "t", spanId: "s", code: "TIMEOUT" });
  });

  it("counts calls an open breaker refused as failures without letting their 0 ms flatter latency", () => {
    const { metrics } = store();
    metrics.record(callRecord({ durationMs: 300 }));
    for (let i = 0; i < 5; i++)
      metrics.record(callRecord({ durationMs: 0, error: failure("CIRCUIT_OPEN") }));
    const session = metrics.functionMetrics("messages:list")[0]?.session;
    expect(session?.failuresByCode).toEqual({ CIRCUIT_OPEN: 5 });
    expect(session?.latency?.count).toBe(1);
    expect(session?.latency?.mean).toBe(300);
  });

  it("drops calls from the rolling window once they are a window old, but keeps them for the session", () => {
    const { clock, metrics } = store(new FakeClock(0), { windowMs: 60_000, windowBuckets: 6 });
    metrics.record(callRecord({ durationMs: 900, error: failure("SERVER_ERROR") }));
    clock.advance(30_000);
    metrics.record(callRecord({ durationMs: 10 }));
    clock.advance(29_999);
    let [fn] = metrics.functionMetrics("messages:list");
    expect(fn?.window.calls).toBe(2);

    clock.advance(1); // t = 60 s: the first call's sub-window [0 s, 10 s) has left the window
    [fn] = metrics.functionMetrics("messages:list");
    expect(fn?.window).toMatchObject({ calls: 1, failures: 0, errorRate: 0 });
    expect(fn?.window.latency?.max).toBe(10);
    expect(fn?.session).toMatchObject({ calls: 2, failures: 1 });

    clock.advance(60_000);
    [fn] = metrics.functionMetrics("messages:list");
    expect(fn?.window).toMatchObject({ calls: 0, errorRate: null, latency: null });
    expect(fn?.session.calls).toBe(2);
  });

  it("reuses a sub-window's slot without mixing in what it held a window ago", () => {
    const { clock, metrics } = store(new FakeClock(0), { windowMs: 60_000, windowBuckets: 6 });
    metrics.record(callRecord({ durationMs: 1_000 }));
    clock.advance(60_000); // same slot, next lap
    metrics.record(callRecord({ durationMs: 5 }));
    const window = metrics.windowTotals("query");
    expect(window.calls).toBe(1);
    expect(window.latency?.max).toBe(5);
  });

  it("sums every function of a kind over the window for health", () => {
    const { metrics } = store();
    metrics.record(callRecord({ functionPath: "a:one", durationMs: 100 }));
    metrics.record(
      callRecord({ functionPath: "a:two", durationMs: 300, error: failure("OVERLOADED") }),
    );
    metrics.record(callRecord({ functionPath: "a:three", kind: "mutation" }));
    expect(metrics.windowTotals("query")).toMatchObject({
      calls: 2,
      failures: 1,
      failuresByCode: { OVERLOADED: 1 },
    });
    expect(metrics.windowTotals("query").latency?.mean).toBe(200);
    expect(metrics.windowTotals("mutation").calls).toBe(1);
    expect(metrics.windowTotals("action").calls).toBe(0);
  });

  it("folds functions past the series cap into one overflow series, keeping totals right", () => {
    const { metrics } = store(undefined, { maxSeries: 3 });
    for (let i = 0; i < 10; i++) metrics.record(callRecord({ functionPath: `fn:${i}` }));
    metrics.record(callRecord({ functionPath: "fn:9" }));
    const snapshot = metrics.snapshot();
    expect(snapshot.functions).toHaveLength(4);
    const overflow = snapshot.functions.find((fn) => fn.functionPath === OVERFLOW_FUNCTION_PATH);
    expect(overflow?.session.calls).toBe(8);
    expect(snapshot.overflowCalls).toBe(8);
    expect(snapshot.totals.query.session.calls).toBe(11);
    expect(metrics.functionMetrics("fn:0")).toHaveLength(1);
    expect(metrics.functionMetrics("fn:9")).toHaveLength(0);
  });

  it("caps the distinct failure codes a series keeps", () => {
    const { metrics } = store();
    for (let i = 0; i < 200; i++) {
      const foreign = { code: `WEIRD_${i}`, message: "x" } as unknown as LensError;
      metrics.record(callRecord({ error: foreign }));
    }
    const byCode = metrics.functionMetrics("messages:list")[0]?.session.failuresByCode ?? {};
    expect(Object.keys(byCode).length).toBeLessThanOrEqual(65);
    expect(Object.values(byCode).reduce((a, b) => a + (b ?? 0), 0)).toBe(200);
  });

  it("returns a snapshot of plain data sorted by function", () => {
    const { metrics } = store();
    metrics.record(callRecord({ functionPath: "b:x" }));
    metrics.record(callRecord({ functionPath: "a:x", kind: "mutation" }));
    metrics.record(callRecord({ functionPath: "a:x" }));
    const snapshot = metrics.snapshot();
    expect(snapshot.functions.map((fn) => `${fn.functionPath} ${fn.kind}`)).toEqual([
      "a:x query",
      "a:x mutation",
      "b:x query",
    ]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.version).toBe(3);
  });

  it("notifies listeners after changes at most once per interval, never inside record", () => {
    const { clock, metrics } = store(undefined, { notifyIntervalMs: 250 });
    let calls = 0;
    metrics.subscribe(() => calls++);
    for (let i = 0; i < 100; i++) metrics.record(callRecord());
    expect(calls).toBe(0);
    clock.advance(0);
    expect(calls).toBe(1);

    metrics.record(callRecord());
    clock.advance(100);
    expect(calls).toBe(1);
    clock.advance(150);
    expect(calls).toBe(2);

    clock.advance(1_000);
    expect(calls).toBe(2); // nothing changed, nothing to say
  });

  it("leaves no timer behind once the last listener unsubscribes", () => {
    const { clock, metrics } = store();
    const unsubscribe = metrics.subscribe(() => {});
    metrics.record(callRecord());
    expect(clock.pendingTimers).toBe(1);
    unsubscribe();
    expect(clock.pendingTimers).toBe(0);
    metrics.record(callRecord());
    expect(clock.pendingTimers).toBe(0);
  });

  it("counts a throwing listener in diagnostics and still calls the others", () => {
    const clock = new FakeClock();
    const diagnostics = new Diagnostics();
    const metrics = new MetricsStore({ clock, diagnostics });
    let called = false;
    metrics.subscribe(() => {
      throw new Error("boom");
    });
    metrics.subscribe(() => {
      called = true;
    });
    metrics.record(callRecord());
    clock.advance(0);
    expect(called).toBe(true);
    expect(diagnostics.snapshot().errors.listener).toBe(1);
  });

  it("forgets everything on clear and tells listeners", () => {
    const { clock, metrics } = store();
    metrics.record(callRecord());
    let calls = 0;
    metrics.subscribe(() => calls++);
    metrics.clear();
    clock.advance(0);
    expect(calls).toBe(1);
    expect(metrics.snapshot().functions).toEqual([]);
    expect(metrics.windowTotals("query").calls).toBe(0);
  });

  it("rejects options that would make the window meaningless", () => {
    expect(() => new MetricsStore({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new MetricsStore({ windowBuckets: 0 })).toThrow(RangeError);
    expect(() => new MetricsStore({ maxSeries: -1 })).toThrow(RangeError);
    expect(() => new MetricsStore({ relativeAccuracy: 2 })).toThrow(RangeError);
  });
});
