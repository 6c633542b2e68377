import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRetryBudget } from "./retryBudget.js";

describe("retry budget properties", () => {
  it("caps total attempts at calls x (1 + ratio) plus half the bucket under a sustained outage", () => {
    fc.assert(
      fc.property(
        fc.record({
          ratio: fc.double({ min: 0, max: 1, noNaN: true }),
          maxTokens: fc.double({ min: 0, max: 100, noNaN: true }),
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (options, maxAttempts, calls) => {
          const budget = createRetryBudget(options);
          let attempts = 0;
          // Every attempt fails: each call retries for as long as attempts and the budget allow.
          for (let c = 0; c < calls; c++) {
            budget.recordCall();
            attempts++;
            for (let a = 1; a < maxAttempts && budget.tryAcquireRetry(); a++) attempts++;
          }
          expect(attempts).toBeLessThanOrEqual(
            calls * (1 + options.ratio) + options.maxTokens / 2 + 1,
          );
          expect(attempts).toBeLessThanOrEqual(calls * maxAttempts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never reports a negative number of retries available", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 300 }), (steps) => {
        const budget = createRetryBudget({ ratio: 0.25, maxTokens: 6 });
        for (const call of steps) {
          if (call) budget.recordCall();
          else budget.tryAcquireRetry();
          const { tokens, available } = budget.snapshot();
          expect(available).toBeGreaterThanOrEqual(0);
          expect(tokens).toBeLessThanOrEqual(6);
        }
      }),
      { numRuns: 300 },
    );
  });
});
