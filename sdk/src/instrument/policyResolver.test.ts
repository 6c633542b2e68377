import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { createLens } from "../lens.js";
import { defaultTimeouts } from "../options.js";
import { defaultBreakerOptions } from "../resilience/breaker.js";
import { defaultRetryOptions } from "../resilience/retry.js";
import { type BasePolicy, PolicyResolver } from "./policyResolver.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const base = (overrides: Partial<BasePolicy> = {}): BasePolicy => ({
  retry: { ...defaultRetryOptions, budget: false },
  breaker: { ...defaultBreakerOptions, scope: "function" },
  timeoutMs: defaultTimeouts,
  functions: {},
  ...overrides,
});

describe("PolicyResolver", () => {
  it("gives every function the lens defaults when no policy matches", () => {
    const policy = new PolicyResolver(base()).resolve("messages:list");
    expect(policy.idempotent).toBe(false);
    expect(policy.retry?.maxAttempts).toBe(4);
    expect(policy.breaker?.openMs).toBe(10_000);
    expect(policy.timeoutMs).toEqual(defaultTimeouts);
    expect(policy.bulkhead).toBeNull();
  });

  it("lets an exact key win over a glob, and a longer glob over a shorter one", () => {
    const resolver = new PolicyResolver(
      base({
        functions: {
          "*:*": { timeoutMs: 1_000 },
          "messages:*": { timeoutMs: 2_000, idempotent: true },
          "messages:send": { timeoutMs: 3_000 },
        },
      }),
    );
    const send = resolver.resolve("messages:send");
    expect(send.timeoutMs.mutation).toBe(3_000);
    expect(send.idempotent).toBe(true);
    expect(resolver.resolve("messages:list").timeoutMs.query).toBe(2_000);
    expect(resolver.resolve("boards:get").timeoutMs.query).toBe(1_000);
  });

  it("turns retries and breakers off per function, and back on in a more specific policy", () => {
    const resolver = new PolicyResolver(
      base({
        functions: {
          "ai:*": { retry: false, breaker: false },
          "ai:cheap": { retry: { maxAttempts: 2 } },
        },
      }),
    );
    expect(resolver.resolve("ai:expensive").retry).toBeNull();
    expect(resolver.resolve("ai:expensive").breaker).toBeNull();
    expect(resolver.resolve("ai:cheap").retry?.maxAttempts).toBe(2);
  });

  it("keeps the retry settings a glob gave when an exact key sets other retry fields", () => {
    const resolver = new PolicyResolver(
      base({
        functions: {
          "messages:*": { retry: { maxAttempts: 7, initialDelayMs: 10 } },
          "messages:send": { retry: { maxDelayMs: 50 } },
        },
      }),
    );
    expect(resolver.resolve("messages:send").retry).toMatchObject({
      maxAttempts: 7,
      initialDelayMs: 10,
      maxDelayMs: 50,
      multiplier: 2,
    });
  });

  it("lets a per-function option set to undefined inherit the lens's value: 5 attempts, not 4", async () => {
    const lens = createLens({
      devtools: false,
      retry: { maxAttempts: 5, initialDelayMs: 0, maxDelayMs: 0, budget: false },
      functions: { "messages:list": { retry: { maxAttempts: undefined } } },
    });
    // Convex shedding load: a transient failure the lens retries.
    const overloaded = JSON.stringify({ code: "ExecuteFullError", message: "Too many requests." });
    const { client, sent } = scriptedClient(() => {
      throw new Error(overloaded);
    });
    lens.instrument(client);
    await expect(
      client.query(makeFunctionReference<"query">("messages:list"), {}),
    ).rejects.toThrow();
    expect(sent).toHaveLength(5);
    await lens.shutdown();
  });

  it("lets an undefined retry or breaker field inherit from the glob and the lens, not the defaults", () => {
    const resolver = new PolicyResolver(
      base({
        retry: { ...defaultRetryOptions, jitter: "none", budget: false },
        functions: {
          "messages:*": { retry: { maxAttempts: 7 } },
          "messages:send": {
            retry: { maxAttempts: undefined, jitter: undefined, budget: undefined },
            timeoutMs: undefined,
            idempotent: undefined,
          },
          "messages:edit": { idempotent: true },
        },
      }),
    );
    expect(resolver.resolve("messages:send").retry).toMatchObject({
      maxAttempts: 7,
      jitter: "none",
      budget: false,
    });
    expect(resolver.resolve("messages:send").timeoutMs).toEqual(defaultTimeouts);
    expect(resolver.resolve("messages:send").idempotent).toBe(false);
  });

  it("reports retry layers that clash once merged as a configuration error naming the function", () => {
    const resolver = new PolicyResolver(
      base({
        functions: {
          "messages:*": { retry: { maxDelayMs: 100 } },
          "*:send": { retry: { initialDelayMs: 500, maxDelayMs: 1_000 } },
          "messages:send*": { retry: { maxDelayMs: 200 } },
        },
      }),
    );
    expect(() => resolver.resolve("messages:send")).toThrow(/messages:send.*maxDelayMs/);
  });

  it("names the clashing option in a production build too, without the development hint", () => {
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const resolver = new PolicyResolver(
        base({
          functions: {
            "messages:*": { retry: { maxDelayMs: 100 } },
            "messages:send": { retry: { initialDelayMs: 500 } },
          },
        }),
      );
      expect(() => resolver.resolve("messages:send")).toThrow(
        'Invalid Convex Lens option: functions["messages:send"].retry.maxDelayMs (100) must be >= functions["messages:send"].retry.initialDelayMs (500).',
      );
    } finally {
      process.env.NODE_ENV = mode;
    }
  });

  it("treats a comma list as a pattern, not an exact key", () => {
    const resolver = new PolicyResolver(
      base({ functions: { "tasks:create,tasks:remove": { idempotent: true } } }),
    );
    expect(resolver.resolve("tasks:create").idempotent).toBe(true);
    expect(resolver.resolve("tasks:remove").idempotent).toBe(true);
    expect(resolver.resolve("tasks:update").idempotent).toBe(false);
  });

  it("builds a bulkhead only when maxConcurrent is set", () => {
    const resolver = new PolicyResolver(
      base({ functions: { "ai:*": { maxConcurrent: 2, maxQueued: 5 } } }),
    );
    expect(resolver.resolve("ai:run").bulkhead).toEqual({ maxConcurrent: 2, maxQueued: 5 });
    expect(resolver.resolve("tasks:list").bulkhead).toBeNull();
  });

  it("returns the same object for a path it has resolved before", () => {
    const resolver = new PolicyResolver(base());
    expect(resolver.resolve("a:b")).toBe(resolver.resolve("a:b"));
  });
});
