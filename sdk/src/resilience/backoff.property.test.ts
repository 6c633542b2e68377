import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BackoffOptions, type JitterMode, nextDelay } from "./backoff.js";

const options: fc.Arbitrary<BackoffOptions> = fc
  .record({
    initialDelayMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
    extra: fc.double({ min: 0, max: 100_000, noNaN: true }),
    multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
    jitter: fc.constantFrom<JitterMode>("full", "decorrelated", "equal", "none"),
  })
  .map(({ initialDelayMs, extra, multiplier, jitter }) => ({
    initialDelayMs,
    maxDelayMs: initialDelayMs + extra,
    multiplier,
    jitter,
  }));

// Math.random's range: [0, 1).
const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("nextDelay properties", () => {
  it("always lies within the bounds of its jitter mode", () => {
    fc.assert(
      fc.property(
        options,
        fc.integer({ min: 1, max: 2_000 }),
        fc.array(random, { minLength: 1, maxLength: 30 }),
        (opts, firstRetry, draws) => {
          let previous = 0;
          draws.forEach((draw, i) => {
            const n = firstRetry + i;
            const delay = nextDelay(n, previous, opts, () => draw);
            const growth = opts.multiplier ** (n - 1); // may overflow to Infinity
            const cap =
              opts.initialDelayMs === 0
                ? 0
                : Math.min(opts.maxDelayMs, opts.initialDelayMs * growth);
            expect(Number.isFinite(delay)).toBe(true);
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(opts.maxDelayMs);
            switch (opts.jitter) {
              case "none":
                expect(delay).toBe(cap);
                break;
              case "full":
                expect(delay).toBeLessThanOrEqual(cap);
                break;
              case "equal":
                expect(delay).toBeGreaterThanOrEqual(cap / 2);
                expect(delay).toBeLessThanOrEqual(cap);
                break;
              case "decorrelated":
                expect(delay).toBeGreaterThanOrEqual(opts.initialDelayMs);
                expect(delay).toBeLessThanOrEqual(
                  Math.max(opts.initialDelayMs, (previous || opts.initialDelayMs) * 3),
                );
                break;
            }
            previous = delay;
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never shrinks the exponential cap from one retry to the next", () => {
    fc.assert(
      fc.property(options, fc.integer({ min: 1, max: 500 }), (opts, n) => {
        const none = { ...opts, jitter: "none" as const };
        expect(nextDelay(n + 1, 0, none)).toBeGreaterThanOrEqual(nextDelay(n, 0, none));
      }),
    );
  });
});
