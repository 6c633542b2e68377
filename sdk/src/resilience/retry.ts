import { type Clock, systemClock } from "../core/clock.js";
import { check, FALSE_OR_OBJECT, numberRule, withDefaults } from "../core/optionChecks.js";
import { abortReason } from "./abortReason.js";
import {
  type BackoffOptions,
  type JitterMode,
  nextDelay,
  validateBackoffOptions,
} from "./backoff.js";
import {
  createRetryBudget,
  isRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  resolveRetryBudgetOptions,
} from "./retryBudget.js";
import { sleep } from "./sleep.js";

export { sleep } from "./sleep.js";

/** How a call is retried. Which failures may be retried is the caller's `shouldRetry`. */
export interface RetryOptions extends BackoffOptions {
  /** Attempts in total, counting the first; 1 turns retries off. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  jitter: JitterMode;
  /**
   * Caps retries across calls so an outage cannot become a retry storm. A {@link RetryBudget}
   * is used as is; budget options make one budget per distinct options object (shared by every
   * call passing that object, a WeakMap look-up per call; prefer {@link resolveRetryOptions},
   * which builds the budget once); `false` turns the budget off. `ctx.budget` overrides these.
   */
  budget: RetryBudget | Partial<RetryBudgetOptions> | false;
}

/** The defaults from the SDK's README: 4 attempts, 250 ms doubling to 8 s, full jitter, a budget. */
export const defaultRetryOptions: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  multiplier: 2,
  jitter: "full",
  budget: Object.freeze({}),
});

/** Why {@link retry} stopped retrying and rejected with the last error. */
export type RetryGiveUpReason = "not-retryable" | "max-attempts" | "budget-exhausted";

/** The caller's side of the loop: the per-kind decision, observation and online awareness. */
export interface RetryHooks<E = unknown> {
  /**
   * Whether the failure of attempt `attempt` (1-based) may be retried. Consulted after every
   * failure before anything else is sent; when it returns false (or throws), `run` is never
   * called again. This is what keeps a non-idempotent mutation from being re-sent.
   */
  shouldRetry(error: E, attempt: number): boolean;
  /** Called before sleeping ahead of a retry (for a span event). Throwing here is ignored. */
  onRetry?(info: { attempt: number; delayMs: number; error: E }): void;
  /**
   * The least the loop waits before retrying after `error`: a server's `Retry-After`. The wait is
   * still capped by `maxDelayMs`, so one hint cannot hold a call for minutes.
   */
  minDelayAfter?(error: E): number | undefined;
  /** Called once when the loop gives up with a retryable-looking failure. Throwing is ignored. */
  onGiveUp?(info: { attempt: number; reason: RetryGiveUpReason; error: E }): void;
  /**
   * Resolves when the environment is online again; the loop waits on it instead of retrying. A
   * rejection with an Error (a deadline passed) ends the call with that error.
   */
  waitForOnline?(signal?: AbortSignal): Promise<void> | undefined;
  /** Whether the environment is online now (see onlineManager.ts). */
  isOnline?(): boolean;
}

/** Per-call context of {@link retry}. */
export interface RetryContext {
  /** Aborting rejects the call at once with the signal's reason, mid-attempt or mid-sleep. */
  signal?: AbortSignal | undefined;
  clock?: Clock | undefined;
  /** Source of jitter; tests pass a seeded one. */
  random?: (() => number) | undefined;
  /** The budget to record into; overrides `options.budget`. */
  budget?: RetryBudget | undefined;
}

const ATTEMPTS = /* @__PURE__ */ numberRule(1, 100, true);

// Budgets made from plain options objects: one per options object, so that every call passing the
// same options shares a budget. Weak keys: a dropped options object frees its budget.
const budgetsByOptions = new WeakMap<object, RetryBudget>();

/**
 * Runs `run(attempt)` and retries its failures with backoff while `hooks.shouldRetry` allows,
 * attempts and the budget last, and the signal has not aborted. Rejects with the last error.
 *
 * - The first attempt is as cheap as a direct call: no timer, no listener unless a signal is
 *   given, and one promise reaction to see whether it failed.
 * - While offline (`hooks.isOnline()` false after a failure, with `hooks.waitForOnline` given),
 *   the loop waits for the network instead of burning attempts: an attempt that failed while
 *   offline does not count toward `maxAttempts` and takes no budget (at most `maxAttempts` such
 *   attempts are forgiven per call, so a flapping connection cannot loop forever).
 * - `retry` records the call in its budget once. A retry takes one token; when none is left the
 *   loop gives up with the last error.
 * - An abort mid-attempt rejects at once; the attempt's own later outcome is then ignored.
 */
export function retry<T, E = unknown>(
  run: (attempt: number) => Promise<T>,
  options: Readonly<RetryOptions>,
  hooks: RetryHooks<E>,
  ctx?: RetryContext,
): Promise<T> {
  const signal = ctx?.signal;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const budget = recordRetryingCall(options, ctx);
  const first = attempt(run, 1, signal);
  if (options.maxAttempts <= 1) return first;
  return first.then(undefined, (error: unknown) =>
    retryAfter(error as E, run, options, hooks, ctx, budget),
  );
}

/**
 * For a caller that runs the first attempt itself (settling it by callback, without this loop's
 * promise layers) and hands its failure to {@link retryAfter}: records the call in its budget, as
 * {@link retry} does before its first attempt, and returns that budget.
 */
export function recordRetryingCall(
  options: Readonly<RetryOptions>,
  ctx?: RetryContext,
): RetryBudget | undefined {
  const budget = budgetFor(options, ctx);
  budget?.recordCall();
  return budget;
}

function attempt<T>(
  run: (attempt: number) => Promise<T>,
  n: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  let promise: Promise<T>;
  try {
    promise = run(n);
  } catch (error) {
    return Promise.reject(error);
  }
  return signal === undefined ? promise : raceAbort(promise, signal);
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * {@link retry} from the failure of attempt 1 on: `firstError` is that failure, `budget` what
 * {@link recordRetryingCall} returned. Rejects with `firstError` when it may not be retried.
 */
export async function retryAfter<T, E>(
  firstError: E,
  run: (attempt: number) => Promise<T>,
  options: Readonly<RetryOptions>,
  hooks: RetryHooks<E>,
  ctx: RetryContext | undefined,
  budget: RetryBudget | undefined,
): Promise<T> {
  const signal = ctx?.signal;
  const clock = ctx?.clock ?? systemClock;
  const random = ctx?.random ?? Math.random;
  const canWaitForOnline = hooks.isOnline !== undefined && hooks.waitForOnline !== undefined;
  let error = firstError;
  let attemptNumber = 1;
  let counted = 0;
  let forgiven = 0;
  let retryNumber = 0;
  let previousDelay = 0;
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    const forgive = canWaitForOnline && forgiven < options.maxAttempts && !isOnline(hooks);
    if (forgive) forgiven++;
    else counted++;
    if (!safeShouldRetry(hooks, error, attemptNumber)) throw error;
    if (counted >= options.maxAttempts) throw giveUp(hooks, attemptNumber, "max-attempts", error);
    if (!forgive && budget !== undefined && !budget.tryAcquireRetry()) {
      throw giveUp(hooks, attemptNumber, "budget-exhausted", error);
    }
    retryNumber++;
    const backoff = nextDelay(retryNumber, previousDelay, options, random);
    previousDelay = backoff;
    const delayMs = Math.max(backoff, Math.min(minDelay(hooks, error) ?? 0, options.maxDelayMs));
    if (hooks.onRetry !== undefined) {
      try {
        hooks.onRetry({ attempt: attemptNumber, delayMs, error });
      } catch {
        // An observer's failure must not change the call's outcome.
      }
    }
    await sleep(delayMs, { signal, clock });
    if (canWaitForOnline && !isOnline(hooks)) await waitUntilOnline(hooks, signal, error);
    attemptNumber++;
    try {
      return await attempt(run, attemptNumber, signal);
    } catch (next) {
      error = next as E;
    }
  }
}

function minDelay<E>(hooks: RetryHooks<E>, error: E): number | undefined {
  try {
    return hooks.minDelayAfter?.(error);
  } catch {
    return undefined;
  }
}

function safeShouldRetry<E>(hooks: RetryHooks<E>, error: E, attempt: number): boolean {
  try {
    return hooks.shouldRetry(error, attempt) === true;
  } catch {
    // Not retrying is the safe answer: a re-send could duplicate a non-idempotent mutation.
    return false;
  }
}

function isOnline<E>(hooks: RetryHooks<E>): boolean {
  try {
    return hooks.isOnline?.() !== false;
  } catch {
    return true;
  }
}

async function waitUntilOnline<E>(
  hooks: RetryHooks<E>,
  signal: AbortSignal | undefined,
  lastError: E,
): Promise<void> {
  try {
    const waiting = hooks.waitForOnline?.(signal);
    if (waiting !== undefined) await (signal === undefined ? waiting : raceAbort(waiting, signal));
  } catch (reason) {
    if (signal?.aborted) throw abortReason(signal);
    // The wait's own verdict (the network did not come back in time) when it gives one; else the
    // failure we already have rather than an unrelated error.
    throw reason instanceof Error ? reason : lastError;
  }
}

function giveUp<E>(hooks: RetryHooks<E>, attempt: number, reason: RetryGiveUpReason, error: E): E {
  if (hooks.onGiveUp !== undefined) {
    try {
      hooks.onGiveUp({ attempt, reason, error });
    } catch {
      // An observer's failure must not change the call's outcome.
    }
  }
  return error;
}

function budgetFor(
  options: Readonly<RetryOptions>,
  ctx: RetryContext | undefined,
): RetryBudget | undefined {
  if (ctx?.budget !== undefined) return ctx.budget;
  const configured = options.budget;
  if (configured === false) return undefined;
  if (isRetryBudget(configured)) return configured;
  let budget = budgetsByOptions.get(configured);
  if (budget === undefined) {
    budget = createRetryBudget(configured);
    budgetsByOptions.set(configured, budget);
  }
  return budget;
}

/**
 * Merges `options` over {@link defaultRetryOptions} (undefined keeps a default) and validates them,
 * turning budget options into a {@link RetryBudget}. Throws a RangeError whose message names the
 * option (prefixed with `label`); the integrator wraps it into a CONFIGURATION error.
 */
export function resolveRetryOptions(
  options?: Partial<RetryOptions>,
  label = "retry",
): RetryOptions {
  const resolved = withDefaults<RetryOptions>(defaultRetryOptions, options);
  check(resolved.maxAttempts, `${label}.maxAttempts`, ATTEMPTS);
  validateBackoffOptions(resolved, label);
  const budget = resolved.budget;
  if (budget !== false && !isRetryBudget(budget)) {
    check(budget, `${label}.budget`, FALSE_OR_OBJECT);
    resolved.budget = createRetryBudget(resolveRetryBudgetOptions(budget, `${label}.budget`));
  }
  return resolved;
}
