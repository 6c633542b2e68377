import { checkFields, checkKeys, numberRule, withDefaults } from "../core/optionChecks.js";

/**
 * A retry budget: a token bucket, as in gRPC's retry throttling, fed per call, as in Finagle's
 * RetryBudget. Every call adds `ratio` tokens (up to `maxTokens`); every retry takes one, and a
 * retry is allowed only while more than half of `maxTokens` is left.
 *
 * - Under transient faults, retries are rarer than `ratio` per call, so the bucket stays full and
 *   every retry goes out: goodput is kept.
 * - Under a sustained overload or an outage, retries would outnumber `ratio` per call: after a
 *   burst of `maxTokens / 2` retries, they are capped at `ratio` per call, so the load stays within
 *   `1 + ratio` times the calls instead of `maxAttempts` times: no retry storm.
 * - No time window and no reserve per second: a browser is a low-traffic client, and a reserve of
 *   retries per second (Finagle's default for servers) would let every browser triple its load in
 *   an outage. A quiet client keeps its tokens until it spends them.
 */
export interface RetryBudgetOptions {
  /** Tokens each call adds: retries allowed per call once the burst is spent (0.2: one per five). */
  ratio: number;
  /** The bucket's size; it starts full, and `maxTokens / 2` retries may go out in a burst. */
  maxTokens: number;
}

/** The shared state of one budget; every call of a policy records into the same budget. */
export interface RetryBudget {
  /** Counts one logical call (once per call, not per attempt): it earns `ratio` tokens. */
  recordCall(): void;
  /** Takes one token for a retry; false when the bucket is at half or below (then do not retry). */
  tryAcquireRetry(): boolean;
  /** The tokens in the bucket, and how many retries could be taken now. */
  snapshot(): { tokens: number; available: number };
}

/** Defaults: 0.2 tokens a call (one retry per five calls under overload), a burst of 10 retries. */
export const defaultRetryBudgetOptions: Readonly<RetryBudgetOptions> = Object.freeze({
  ratio: 0.2,
  maxTokens: 20,
});

/** Creates a budget with a full bucket. Throws a RangeError naming the option when one is invalid. */
export function createRetryBudget(options?: Partial<RetryBudgetOptions>): RetryBudget {
  const { ratio, maxTokens } = resolveRetryBudgetOptions(options);
  const floor = maxTokens / 2;
  let tokens = maxTokens;
  return {
    recordCall() {
      tokens = Math.min(maxTokens, tokens + ratio);
    },
    tryAcquireRetry() {
      if (tokens <= floor) return false;
      tokens -= 1;
      return true;
    },
    snapshot() {
      return { tokens, available: tokens > floor ? Math.ceil(tokens - floor) : 0 };
    },
  };
}

const RULES = {
  ratio: /* @__PURE__ */ numberRule(0, 1_000),
  maxTokens: /* @__PURE__ */ numberRule(0, 1_000_000),
};

/**
 * Merges `options` over the defaults (undefined keeps a default) and validates them, refusing keys
 * that are not options (`ratoi`); errors name the option.
 */
export function resolveRetryBudgetOptions(
  options?: Partial<RetryBudgetOptions>,
  label = "retry.budget",
): RetryBudgetOptions {
  if (options !== undefined) checkKeys(options, Object.keys(RULES), `${label}.`);
  const resolved = withDefaults<RetryBudgetOptions>(defaultRetryBudgetOptions, options);
  checkFields(resolved, RULES, label);
  return resolved;
}

/** Tells a budget object apart from budget options (both may sit in `RetryOptions.budget`). */
export function isRetryBudget(value: unknown): value is RetryBudget {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RetryBudget).tryAcquireRetry === "function"
  );
}
