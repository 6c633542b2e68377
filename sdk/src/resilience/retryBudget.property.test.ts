import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./fakeClock.js";
import { createRetryBudget } from "./retryBudget.js";

describe("retry budget properties", () => {
  it("caps total attempts under a sustained outage", () => {
    fc.assert(
      fc.property(
        fc.record({
          ratio: fc.double({ min: 0, max: 1, noNaN: true }),
          minRetriesPerSecond: fc.double({ min: 0, max: 20, noNaN: true }),
          windowMs: fc.integer({ min: 100, max: 20_000 }),
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 400, size: "max" }),
        (options, maxAttempts, gaps) => {
          const clock = new FakeClock();
          const budget = createRetryBudget(options, clock);
          let calls = 0;
          let attempts = 0;
          // Every attempt fails: each call retries for as long as attempts and the budget allow.
          for (const gap of gaps) {
            clock.advance(gap);
            budget.recordCall();
            calls++;
            attempts++;
            for (let a = 1; a < maxAttempts && budget.tryAcquireRetry(); a++) attempts++;
          }
          const elapsed = clock.now();
          // The window always spans at least `span` ms, so split the run into spans: retries in
          // one span are bounded by the reserve plus ratio x the calls of the two windows around it.
          const span = options.windowMs - options.windowMs / 10;
          const spans = Math.floor(elapsed / span) + 2;
          const reserve = (options.minRetriesPerSecond * options.windowMs) / 1000;
          const bound = calls + spans * (reserve + 1) + 2 * options.ratio * calls;
          expect(attempts).toBeLessThanOrEqual(bound);
          // And never more than the unbudgeted worst case.
          expect(attempts).toBeLessThanOrEqual(calls * maxAttempts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("grants a retry only while the window's retries stay within reserve + ratio x calls", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant("call" as const),
            fc.constant("retry" as const),
            fc.nat({ max: 3_000 }),
          ),
          {
            maxLength: 300,
            size: "max",
          },
        ),
        (steps) => {
          const clock = new FakeClock();
          const budget = createRetryBudget(
            { ratio: 0.25, minRetriesPerSecond: 1, windowMs: 2_000 },
            clock,
          );
          for (const s of steps) {
            if (s === "call") budget.recordCall();
            else if (typeof s === "number") clock.advance(s);
            else if (budget.tryAcquireRetry()) {
              // Checked at grant time: later, calls may slide out before the retries they paid for.
              const { calls, retries } = budget.snapshot();
              expect(retries).toBeLessThanOrEqual(2 + 0.25 * calls);
            }
            expect(budget.snapshot().available).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
