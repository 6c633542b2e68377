import type { SlidingWindow } from "./slidingWindow.js";

/** Fields of a breaker's window: closed-state calls with a verdict, the failed ones, the slow ones. */
export const CALLS = 0;
/** @see CALLS */
export const FAILURES = 1;
/** @see CALLS */
export const SLOW = 2;

/**
 * One rule that can open a closed breaker, as cockatiel's `ConsecutiveBreaker`, `CountBreaker` and
 * `SamplingBreaker` are: it reads the window after a call was counted, and the run of failures in a
 * row, and names why the breaker opens, or returns null. The breaker owns the counts, so a snapshot
 * shows the same numbers the rules judged.
 */
export type TripRule = (window: SlidingWindow, consecutive: number) => string | null;

/** The options the trip rules read; a breaker's resolved options. */
export interface TripRuleOptions {
  readonly failureRateThreshold: number;
  readonly minimumCalls: number;
  readonly consecutiveFailures?: number | undefined;
  readonly slowCallRateThreshold?: number | undefined;
}

/** Opens after `count` failures in a row, whatever the window says (a backend that went down). */
export function consecutiveFailures(count: number): TripRule {
  return (_window, consecutive) => (consecutive >= count ? "consecutive-failures" : null);
}

/**
 * Opens when failures reach `threshold` of the window's calls, judged only once it holds
 * `minimumCalls`, so one failure of one call does not trip it.
 */
export function failureRate(threshold: number, minimumCalls: number): TripRule {
  return rateRule(FAILURES, threshold, minimumCalls, "failure-rate");
}

/** Opens when slow calls reach `threshold` of the window's calls (a backend that is struggling). */
export function slowCallRate(threshold: number, minimumCalls: number): TripRule {
  return rateRule(SLOW, threshold, minimumCalls, "slow-call-rate");
}

/** Opens with `reason` when `field` reaches `threshold` of a window holding at least `minimumCalls`. */
function rateRule(
  field: number,
  threshold: number,
  minimumCalls: number,
  reason: string,
): TripRule {
  return (window) => {
    const calls = window.total(CALLS);
    return calls >= minimumCalls && window.total(field) >= threshold * calls ? reason : null;
  };
}

/** The rules a breaker with `options` applies, in the order they are checked; the first one wins. */
export function tripRulesFor(options: TripRuleOptions): TripRule[] {
  const rules: TripRule[] = [];
  if (options.consecutiveFailures !== undefined) {
    rules.push(consecutiveFailures(options.consecutiveFailures));
  }
  rules.push(failureRate(options.failureRateThreshold, options.minimumCalls));
  if (options.slowCallRateThreshold !== undefined) {
    rules.push(slowCallRate(options.slowCallRateThreshold, options.minimumCalls));
  }
  return rules;
}
