import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOnlineManager } from "./onlineManager.js";
import { type RetryOptions, retry } from "./retry.js";
import { createRetryBudget } from "./retryBudget.js";
import { FakeClock } from "./test-support/fakeClock.js";

// What happens on each attempt: it fails or succeeds, the classifier's verdict on a failure, and
// whether the device drops offline for a while during the attempt.
const attemptScript = fc.record({
  fails: fc.boolean(),
  retryable: fc.boolean(),
  offlineForMs: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
});

const options = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 6 }),
  initialDelayMs: fc.integer({ min: 0, max: 1_000 }),
  jitter: fc.constantFrom(
    "full" as const,
    "decorrelated" as const,
    "equal" as const,
    "none" as const,
  ),
  budgetTokens: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
});

describe("retry properties", () => {
  it("never calls run again after shouldRetry returned false, and only retries what it allowed", async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.array(attemptScript, { minLength: 13, maxLength: 13 }),
        async (opts, script) => {
          const clock = new FakeClock();
          const online = createOnlineManager({});
          const budget =
            opts.budgetTokens === undefined
              ? undefined
              : createRetryBudget({ ratio: 0, maxTokens: 2 * opts.budgetTokens });
          const retryOptions: RetryOptions = {
            maxAttempts: opts.maxAttempts,
            initialDelayMs: opts.initialDelayMs,
            maxDelayMs: 5_000,
            multiplier: 2,
            jitter: opts.jitter,
            budget: false,
          };
          const events: string[] = [];
          const run = async (attempt: number): Promise<string> => {
            events.push(`run ${attempt}`);
            const step = script[attempt - 1];
            if (step === undefined) throw new Error("ran past the script: too many attempts");
            if (step.offlineForMs !== undefined) {
              online.setForcedOffline(true);
              clock.setTimeout(() => online.setForcedOffline(false), step.offlineForMs);
            }
            if (step.fails) throw new Error(`attempt ${attempt}`);
            return `result ${attempt}`;
          };
          const outcome = retry(
            run,
            retryOptions,
            {
              shouldRetry: (_error, attempt) => {
                const verdict = script[attempt - 1]?.retryable === true;
                events.push(`shouldRetry ${attempt} ${verdict}`);
                return verdict;
              },
              isOnline: online.isOnline,
              waitForOnline: online.waitForOnline,
            },
            { clock, budget, random: () => 0.5 },
          ).then(
            (value) => ({ ok: true, value }),
            (error: unknown) => ({ ok: false, error }),
          );
          await clock.runAllAsync();
          const result = await outcome;

          // Every run after the first is directly preceded by a "yes" for the attempt before it.
          events.forEach((event, i) => {
            const match = /^run (\d+)$/.exec(event);
            if (match === null || match[1] === "1") return;
            expect(events[i - 1]).toBe(`shouldRetry ${Number(match[1]) - 1} true`);
          });
          // After a "no", nothing else happens at all.
          const refusal = events.findIndex((event) => event.endsWith("false"));
          if (refusal >= 0) expect(events.length).toBe(refusal + 1);
          // Attempts are numbered 1..n and never exceed maxAttempts plus the forgiven offline ones.
          const runs = events.filter((event) => event.startsWith("run"));
          expect(runs).toEqual(runs.map((_, i) => `run ${i + 1}`));
          expect(runs.length).toBeLessThanOrEqual(2 * opts.maxAttempts);
          // The call ends with the last attempt's outcome.
          const last = script[runs.length - 1];
          expect(result.ok).toBe(last?.fails === false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("makes at most maxAttempts attempts while the device stays online", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), async (maxAttempts) => {
        const clock = new FakeClock();
        let runs = 0;
        const outcome = retry(
          async () => {
            runs++;
            throw new Error("down");
          },
          {
            maxAttempts,
            initialDelayMs: 10,
            maxDelayMs: 100,
            multiplier: 2,
            jitter: "full",
            budget: false,
          },
          { shouldRetry: () => true, isOnline: () => true, waitForOnline: () => Promise.resolve() },
          { clock },
        ).catch(() => undefined);
        await clock.runAllAsync();
        await outcome;
        expect(runs).toBe(maxAttempts);
      }),
      { numRuns: 50 },
    );
  });
});
