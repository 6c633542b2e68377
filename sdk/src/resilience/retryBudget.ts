import { type Clock, systemClock } from "./clock.js";
import { describeValue } from "./describeValue.js";
import { SlidingWindow } from "./slidingWindow.js";

/**
 * A retry budget, as in Finagle and gRPC: over a sliding window, retries may not exceed
 * `minRetriesPerSecond * windowSeconds + ratio * calls`. During an outage every call fails, and
 * without a budget every call would multiply into `maxAttempts` requests: a retry storm that keeps
 * the backend down. The budget lets a trickle of retries through (the reserve) plus a fraction of
 * the traffic, and fails the rest at once.
 */
export interface RetryBudgetOptions {
  /** Retries allowed per call in the window (0.2: at most one retry per five calls). */
  ratio: number;
  /** Reserve of retries per second, so that low-traffic apps can still retry. */
  minRetriesPerSecond: number;
  /** Length of the sliding window in ms. */
  windowMs: number;
}

/** The shared state of one budget; every call of a policy records into the same budget. */
export interface RetryBudget {
  /** Counts one logical call (once per call, not per attempt); `now` saves a clock read. */
  recordCall(now?: number): void;
  /** Takes one retry from the budget; false when it is spent (then do not retry). */
  tryAcquireRetry(): boolean;
  /** Counts over the current window, and how many retries could be taken now. */
  snapshot(): { calls: number; retries: number; available: number };
}

/** Defaults: 20% of calls, plus 5 retries a second, over 10 s (as in Finagle's defaults). */
export const defaultRetryBudgetOptions: Readonly<RetryBudgetOptions> = Object.freeze({
  ratio: 0.2,
  minRetriesPerSecond: 5,
  windowMs: 10_000,
});

const CALLS = 0;
const RETRIES = 1;

/** Creates a budget. Throws a RangeError naming the option when one is invalid. */
export function createRetryBudget(
  options?: Partial<RetryBudgetOptions>,
  clock: Clock = systemClock,
): RetryBudget {
  const resolved = resolveRetryBudgetOptions(options);
  const window = new SlidingWindow(resolved.windowMs, 2);
  const reserve = (resolved.minRetriesPerSecond * resolved.windowMs) / 1000;
  const ratio = resolved.ratio;
  const available = (): number =>
    Math.max(0, Math.floor(reserve + ratio * window.total(CALLS) - window.total(RETRIES)));
  return {
    recordCall(now = clock.now()) {
      window.advance(now);
      window.add(CALLS);
    },
    tryAcquireRetry() {
      window.advance(clock.now());
      if (available() < 1) return false;
      window.add(RETRIES);
      return true;
    },
    snapshot() {
      window.advance(clock.now());
      return { calls: window.total(CALLS), retries: window.total(RETRIES), available: available() };
    },
  };
}

/** Merges `options` over the defaults and validates them; errors name the option. */
export function resolveRetryBudgetOptions(
  options?: Partial<RetryBudgetOptions>,
  label = "retry.budget",
): RetryBudgetOptions {
  const resolved = { ...defaultRetryBudgetOptions, ...options };
  checkNumber(resolved.ratio, `${label}.ratio`, 0, 1_000);
  checkNumber(resolved.minRetriesPerSecond, `${label}.minRetriesPerSecond`, 0, 1_000_000);
  checkNumber(resolved.windowMs, `${label}.windowMs`, 1, 86_400_000);
  return resolved;
}

function checkNumber(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be a number in [${min}, ${max}], got ${describeValue(value)}`,
    );
  }
}

/** Tells a budget object apart from budget options (both may sit in `RetryOptions.budget`). */
export function isRetryBudget(value: unknown): value is RetryBudget {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as RetryBudget).tryAcquireRetry === "function"
  );
}
