import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binsForRatio, DDSketch, DEFAULT_ACCURATE_RATIO } from "./ddsketch.js";
import { exactQuantile } from "./test-support/exactQuantile.js";

// Deterministic PRNG (mulberry32), so the accuracy test sees the same samples on every run.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Lognormal latencies in ms (median 50 ms, σ = 1): the long tail real RPC latencies have.
function lognormalSamples(n: number, seed: number): Float64Array {
  const next = random(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - next();
    const v = next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    out[i] = Math.exp(Math.log(50) + normal);
  }
  return out;
}

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / expected;
}

describe("DDSketch", () => {
  it("does not hide a slow call among a few: p99 of 24 calls and p95 of 3 are the slowest", () => {
    const few = new DDSketch();
    for (const ms of [30, 39, 5_495]) few.add(ms);
    expect(few.quantile(0.95)).toBe(5_495);
    expect(few.quantile(0.5)).toBeCloseTo(39, -0.5);
    const day = new DDSketch();
    for (let i = 0; i < 23; i++) day.add(10 + i);
    day.add(25_604);
    expect(day.quantile(0.99)).toBe(25_604);
    // 23 of 24 (95.8 %) are fast, so p95 is still a fast one.
    expect(day.quantile(0.95) as number).toBeLessThan(40);
  });

  it("reports p50, p95 and p99 of a million lognormal latencies within 1% of the exact values", () => {
    const samples = lognormalSamples(1_000_000, 42);
    const sketch = new DDSketch();
    for (const value of samples) sketch.add(value);
    const sorted = samples.slice().sort();
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const estimate = sketch.quantile(q) as number;
      expect(relativeError(estimate, exactQuantile(sorted, q))).toBeLessThanOrEqual(0.01);
    }
    expect(sketch.count).toBe(1_000_000);
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted[sorted.length - 1]);
  });

  it("holds a million samples in at most 8 KiB of bins", () => {
    const sketch = new DDSketch();
    for (const value of lognormalSamples(1_000_000, 7)) sketch.add(value);
    expect(sketch.byteLength).toBeLessThanOrEqual(8 * 1024);
    expect(sketch.binCount).toBeLessThanOrEqual(sketch.maxBins);
  });

  it("never allocates more bins than its cap, however wide the values range", () => {
    const sketch = new DDSketch({ maxBins: 100 });
    for (let exponent = -8; exponent <= 15; exponent += 0.01) sketch.add(10 ** exponent);
    expect(sketch.binCount).toBeLessThanOrEqual(100);
    expect(sketch.byteLength).toBeLessThanOrEqual(800);
    // Collapsing takes from the lowest bins, so the tail stays accurate...
    const sorted: number[] = [];
    for (let exponent = -8; exponent <= 15; exponent += 0.01) sorted.push(10 ** exponent);
    expect(
      relativeError(sketch.quantile(0.99) as number, exactQuantile(sorted, 0.99)),
    ).toBeLessThanOrEqual(0.01);
    // ...while a low quantile is overestimated, never underestimated.
    expect(sketch.quantile(0.01) as number).toBeGreaterThanOrEqual(exactQuantile(sorted, 0.01));
  });

  it("keeps its accuracy at the top when the default cap is reached", () => {
    const sketch = new DDSketch();
    const values: number[] = [];
    for (let exponent = -9; exponent <= 9; exponent += 0.001) values.push(10 ** exponent);
    for (const value of values) sketch.add(value);
    expect(sketch.binCount).toBe(sketch.maxBins);
    for (const q of [0.95, 0.99]) {
      expect(
        relativeError(sketch.quantile(q) as number, exactQuantile(values, q)),
      ).toBeLessThanOrEqual(0.01);
    }
  });

  it("keeps every quantile within 1% for latencies anywhere from 1 µs to 1 h, in at most 8.6 KiB", () => {
    const sketch = new DDSketch();
    const values: number[] = [];
    for (let exponent = -3; exponent <= Math.log10(3.6e6); exponent += 0.0005) {
      values.push(10 ** exponent);
    }
    values.push(1e-3, 3.6e6);
    for (const value of values) sketch.add(value);
    values.sort((a, b) => a - b);
    expect(sketch.maxBins).toBe(binsForRatio(0.01, DEFAULT_ACCURATE_RATIO));
    expect(sketch.maxBins).toBe(1102);
    expect(sketch.byteLength).toBeLessThanOrEqual(1102 * 8);
    for (let q = 0; q <= 1; q += 0.01) {
      expect(
        relativeError(sketch.quantile(q) as number, exactQuantile(values, q)),
      ).toBeLessThanOrEqual(0.01 * 1.000001);
    }
  });

  it("counts zeros and tiny values as zero instead of spending bins on them", () => {
    const sketch = new DDSketch();
    sketch.add(0);
    sketch.add(0);
    sketch.add(1e-300);
    sketch.add(-5);
    sketch.add(10);
    expect(sketch.count).toBe(5);
    expect(sketch.quantile(0)).toBe(0);
    expect(sketch.quantile(0.5)).toBeLessThan(1e-9);
    expect(relativeError(sketch.quantile(1) as number, 10)).toBeLessThanOrEqual(0.01);
    expect(sketch.min).toBe(0);
    expect(sketch.mean).toBeCloseTo(2, 10);
  });

  it("ignores NaN and infinite values rather than corrupting every quantile", () => {
    const sketch = new DDSketch();
    sketch.add(Number.NaN);
    sketch.add(Number.POSITIVE_INFINITY);
    sketch.add(3);
    expect(sketch.count).toBe(1);
    expect(sketch.quantile(0.5)).toBe(3);
  });

  it("reports nothing when empty", () => {
    const sketch = new DDSketch();
    expect(sketch.quantile(0.5)).toBeUndefined();
    expect(sketch.min).toBeUndefined();
    expect(sketch.max).toBeUndefined();
    expect(sketch.mean).toBeUndefined();
  });

  it("gives the same answer merged as when every value went into one sketch", () => {
    const samples = lognormalSamples(20_000, 3);
    const whole = new DDSketch();
    const parts = [new DDSketch(), new DDSketch(), new DDSketch()];
    samples.forEach((value, i) => {
      whole.add(value);
      parts[i % 3]?.add(value);
    });
    parts[0]?.add(0);
    whole.add(0);
    const merged = new DDSketch();
    for (const part of parts) merged.merge(part);
    for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) expect(merged.quantile(q)).toBe(whole.quantile(q));
    expect(merged.count).toBe(whole.count);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
  });

  it("refuses to merge sketches of different accuracy, whose bins do not line up", () => {
    const a = new DDSketch({ relativeAccuracy: 0.01 });
    const b = new DDSketch({ relativeAccuracy: 0.02 });
    b.add(1);
    expect(() => a.merge(b)).toThrow(RangeError);
  });

  it("starts over after clear without reallocating its bins", () => {
    const sketch = new DDSketch();
    for (let i = 1; i <= 1000; i++) sketch.add(i);
    const bytes = sketch.byteLength;
    sketch.clear();
    expect(sketch.count).toBe(0);
    expect(sketch.quantile(0.5)).toBeUndefined();
    sketch.add(7);
    expect(sketch.quantile(0.5)).toBe(7);
    expect(sketch.byteLength).toBe(bytes);
  });

  it("keeps every quantile of any set of latencies within the relative error bound while under its cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.005, 0.01, 0.05),
        (values, q, alpha) => {
          // Enough bins for 1e-3..1e7 at α = 0.005, so nothing collapses (collapse is tested above).
          const sketch = new DDSketch({ relativeAccuracy: alpha, maxBins: 4096 });
          for (const value of values) sketch.add(value);
          const sorted = values.slice().sort((x, y) => x - y);
          const estimate = sketch.quantile(q) as number;
          // A hair over α for floating-point rounding at bin edges.
          expect(relativeError(estimate, exactQuantile(sorted, q))).toBeLessThanOrEqual(
            alpha * 1.000001,
          );
        },
      ),
    );
  });

  it("stays within the bound when merging sketches of different ranges", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 100 }),
        fc.array(fc.double({ min: 1e2, max: 1e8, noNaN: true }), { minLength: 1, maxLength: 100 }),
        (low, high) => {
          const a = new DDSketch({ maxBins: 256 });
          const b = new DDSketch({ maxBins: 256 });
          for (const value of low) a.add(value);
          for (const value of high) b.add(value);
          a.merge(b);
          expect(a.binCount).toBeLessThanOrEqual(256);
          expect(a.count).toBe(low.length + high.length);
          const sorted = [...low, ...high].sort((x, y) => x - y);
          expect(
            relativeError(a.quantile(1) as number, exactQuantile(sorted, 1)),
          ).toBeLessThanOrEqual(0.01 * 1.000001);
        },
      ),
    );
  });

  it("stays within its cap and keeps the maximum accurate whatever order wide-ranging values arrive in", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        (values, maxBins) => {
          const sketch = new DDSketch({ maxBins });
          for (const value of values) sketch.add(value);
          expect(sketch.binCount).toBeLessThanOrEqual(maxBins);
          expect(sketch.count).toBe(values.length);
          const sorted = values.slice().sort((x, y) => x - y);
          // Collapse only ever moves low values up, so no quantile is underestimated...
          for (const q of [0, 0.25, 0.5, 0.75, 1]) {
            const estimate = sketch.quantile(q) as number;
            expect(estimate).toBeGreaterThanOrEqual(
              exactQuantile(sorted, q) * (1 - 0.01 * 1.000001),
            );
          }
          // ...and the top of the range is never collapsed.
          expect(
            relativeError(sketch.quantile(1) as number, exactQuantile(sorted, 1)),
          ).toBeLessThanOrEqual(0.01 * 1.000001);
        },
      ),
    );
  });
});
