import { describe, expect, it } from "vitest";
import { defaultTimeouts } from "../options.js";
import { defaultBreakerOptions } from "../resilience/breaker.js";
import { defaultRetryOptions } from "../resilience/retry.js";
import { createRetryBudget } from "../resilience/retryBudget.js";
import { PolicyResolver } from "./policyResolver.js";

// The resolver's cache holds at most 2,048 paths (MAX_CACHED, not exported), then starts afresh.
const CACHE_CAP = 2_048;

function resolver(): PolicyResolver {
  return new PolicyResolver({
    retry: { ...defaultRetryOptions, budget: createRetryBudget() },
    breaker: { ...defaultBreakerOptions, scope: "function" },
    timeoutMs: defaultTimeouts,
    functions: {
      "payments:*": { timeoutMs: 5_000, retry: { maxAttempts: 2 } },
      "payments:charge": { idempotent: true },
    },
  });
}

describe("PolicyResolver's cache", () => {
  it("is bounded: past its cap of generated paths, a path resolved before is resolved afresh", () => {
    const policies = resolver();
    const before = policies.resolve("payments:charge");
    for (let i = 0; i < CACHE_CAP; i++) policies.resolve(`generated:f${i}`);
    const after = policies.resolve("payments:charge");
    expect(after).not.toBe(before);
    // Caching goes on after the cache starts afresh.
    expect(policies.resolve("payments:charge")).toBe(after);
  });

  it("gives a function the same policy after the cache starts afresh, on the lens's one retry budget", () => {
    const policies = resolver();
    const before = policies.resolve("payments:charge");
    for (let i = 0; i < CACHE_CAP; i++) policies.resolve(`generated:f${i}`);
    const after = policies.resolve("payments:charge");
    expect(after).toEqual(before);
    expect(after).toMatchObject({ idempotent: true, retry: { maxAttempts: 2 } });
    expect(after.timeoutMs.mutation).toBe(5_000);
    expect(after.retry?.budget).toBe(before.retry?.budget);
  });
});
