import { describe, expect, it } from "vitest";
import { FakeClock } from "./fakeClock.js";
import { createRetryBudget, isRetryBudget, resolveRetryBudgetOptions } from "./retryBudget.js";

describe("createRetryBudget", () => {
  it("allows ratio x calls retries in the window, and no more", () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ ratio: 0.2, minRetriesPerSecond: 0 }, clock);
    for (let i = 0; i < 100; i++) budget.recordCall();
    let granted = 0;
    while (budget.tryAcquireRetry()) granted++;
    expect(granted).toBe(20);
    expect(budget.snapshot()).toEqual({ calls: 100, retries: 20, available: 0 });
  });

  it("keeps a reserve of minRetriesPerSecond x window for quiet apps", () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 2, windowMs: 5_000 }, clock);
    let granted = 0;
    while (budget.tryAcquireRetry()) granted++;
    expect(granted).toBe(10);
  });

  it("uses the defaults of 20% plus 5 per second over 10 s", () => {
    const clock = new FakeClock();
    const budget = createRetryBudget(undefined, clock);
    for (let i = 0; i < 10; i++) budget.recordCall();
    expect(budget.snapshot().available).toBe(52);
  });

  it("refills as the spent retries slide out of the window", () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ ratio: 0, minRetriesPerSecond: 1, windowMs: 1_000 }, clock);
    expect(budget.tryAcquireRetry()).toBe(true);
    expect(budget.tryAcquireRetry()).toBe(false);
    clock.advance(1_000);
    expect(budget.tryAcquireRetry()).toBe(true);
  });

  it("holds a fixed amount of memory however many calls it sees", () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ windowMs: 1_000 }, clock);
    for (let i = 0; i < 100_000; i++) {
      budget.recordCall();
      clock.advance(1);
    }
    // Only the last window's calls are counted; nothing accumulates past it.
    expect(budget.snapshot().calls).toBeLessThanOrEqual(1_000);
    expect(budget.snapshot().calls).toBeGreaterThanOrEqual(900);
  });

  it.each([
    [{ ratio: -0.1 }, "retry.budget.ratio"],
    [{ minRetriesPerSecond: Number.NaN }, "retry.budget.minRetriesPerSecond"],
    [{ windowMs: 0 }, "retry.budget.windowMs"],
  ])("rejects %o with a message naming the option", (options, message) => {
    expect(() => createRetryBudget(options)).toThrow(RangeError);
    expect(() => resolveRetryBudgetOptions(options)).toThrow(message);
  });

  it("is told apart from plain budget options", () => {
    expect(isRetryBudget(createRetryBudget())).toBe(true);
    expect(isRetryBudget({ ratio: 0.1 })).toBe(false);
    expect(isRetryBudget(null)).toBe(false);
  });
});
