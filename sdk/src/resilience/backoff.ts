import {
  checkFields,
  DELAY,
  numberRule,
  oneOf,
  optionError,
  type Rule,
} from "../core/optionChecks.js";

/**
 * How a retry delay is randomised. Jitter spreads the retries of many clients that failed at the
 * same moment, so that they do not hit a recovering backend in lockstep.
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export type JitterMode = "full" | "decorrelated" | "equal" | "none";

/** Exponential backoff: `initialDelayMs * multiplier^(n-1)`, capped at `maxDelayMs`, then jittered. */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  jitter: JitterMode;
}

const JITTER_MODES: readonly JitterMode[] = ["full", "decorrelated", "equal", "none"];

/**
 * The delay before retry number `retryNumber` (1 for the first retry). With
 * `cap = min(maxDelayMs, initialDelayMs * multiplier^(retryNumber-1))` and `random()` in [0, 1):
 * - `"none"`: exactly `cap`;
 * - `"full"`: uniform in [0, cap);
 * - `"equal"`: uniform in [cap/2, cap];
 * - `"decorrelated"`: uniform in [initialDelayMs, 3 * previous), where `previous` is the delay this
 *   function returned last time for the same call, or `initialDelayMs` before the first retry (as
 *   in AWS's "decorrelated jitter", so even the first retries of many clients are spread), then
 *   capped at `maxDelayMs`: always in [min(initialDelayMs, maxDelayMs), maxDelayMs]. Pass 0 as
 *   `previousDelayMs` before the first retry. This mode ignores the exponential `cap`.
 */
export function nextDelay(
  retryNumber: number,
  previousDelayMs: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const { initialDelayMs, maxDelayMs } = options;
  switch (options.jitter) {
    case "decorrelated": {
      const previous = previousDelayMs > 0 ? previousDelayMs : initialDelayMs;
      const high = Math.max(initialDelayMs, previous * 3);
      // The outer min guards float rounding: init + r * (high - init) can land an ulp above high.
      return Math.min(maxDelayMs, high, initialDelayMs + random() * (high - initialDelayMs));
    }
    case "full":
      return random() * exponentialCap(retryNumber, options);
    case "equal": {
      const cap = exponentialCap(retryNumber, options);
      // Halving is inexact for subnormal caps, so the sum could round above cap: clamp it.
      return Math.min(cap, cap / 2 + (random() * cap) / 2);
    }
    default:
      return exponentialCap(retryNumber, options);
  }
}

function exponentialCap(retryNumber: number, options: BackoffOptions): number {
  const { initialDelayMs, maxDelayMs } = options;
  // multiplier^n overflows to Infinity on long retry runs, and 0 * Infinity is NaN: guard both.
  if (initialDelayMs === 0) return 0;
  const raw = initialDelayMs * options.multiplier ** Math.max(0, retryNumber - 1);
  return Math.min(raw, maxDelayMs);
}

const RULES: Readonly<Record<keyof BackoffOptions, Rule>> = {
  initialDelayMs: DELAY,
  maxDelayMs: DELAY,
  multiplier: /* @__PURE__ */ numberRule(1, Number.POSITIVE_INFINITY),
  jitter: /* @__PURE__ */ oneOf(JITTER_MODES),
};

/**
 * Throws a RangeError naming the first invalid backoff option. `label` prefixes the option name
 * (e.g. `functions["messages:*"].retry`) so the message says where the mistake is.
 */
export function validateBackoffOptions(options: BackoffOptions, label = "retry"): void {
  checkFields(options, RULES, label);
  if (options.maxDelayMs < options.initialDelayMs) {
    throw optionError(
      `${label}.maxDelayMs (${options.maxDelayMs})`,
      `must be >= ${label}.initialDelayMs (${options.initialDelayMs})`,
    );
  }
}
