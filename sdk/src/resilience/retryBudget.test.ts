import { describe, expect, it } from "vitest";
import { createRetryBudget, isRetryBudget, resolveRetryBudgetOptions } from "./retryBudget.js";

describe("createRetryBudget", () => {
  it("allows a burst of half the bucket, then ratio retries per call", () => {
    const budget = createRetryBudget({ ratio: 0.2, maxTokens: 20 });
    let granted = 0;
    while (budget.tryAcquireRetry()) granted++;
    expect(granted).toBe(10);
    for (let i = 0; i < 100; i++) budget.recordCall();
    while (budget.tryAcquireRetry()) granted++;
    expect(granted).toBe(20);
    expect(budget.snapshot().available).toBe(0);
  });

  it("refills with calls up to the bucket's size, never beyond", () => {
    const budget = createRetryBudget({ ratio: 1, maxTokens: 4 });
    for (let i = 0; i < 100; i++) budget.recordCall();
    expect(budget.snapshot()).toEqual({ tokens: 4, available: 2 });
  });

  it("uses the defaults of 0.2 tokens a call and a bucket of 20", () => {
    expect(createRetryBudget().snapshot()).toEqual({ tokens: 20, available: 10 });
  });

  it.each([
    [{ ratio: -1 }, "retry.budget.ratio"],
    [{ ratio: Number.NaN }, "retry.budget.ratio"],
    [{ maxTokens: -1 }, "retry.budget.maxTokens"],
    [{ maxTokens: Number.POSITIVE_INFINITY }, "retry.budget.maxTokens"],
  ])("rejects %o with a message naming the option", (options, message) => {
    expect(() => resolveRetryBudgetOptions(options)).toThrow(message);
    expect(() => createRetryBudget(options)).toThrow(RangeError);
  });

  it("takes an option set to undefined as its default", () => {
    expect(resolveRetryBudgetOptions({ ratio: undefined, maxTokens: undefined })).toEqual({
      ratio: 0.2,
      maxTokens: 20,
    });
  });

  it("tells a budget apart from budget options", () => {
    expect(isRetryBudget(createRetryBudget())).toBe(true);
    expect(isRetryBudget({ ratio: 0.1 })).toBe(false);
    expect(isRetryBudget(null)).toBe(false);
  });
});
