/**
 * Injectable time. Every policy reads time through a Clock so that tests and property tests can
 * drive breakers, budgets and retries with a fake clock instead of real waiting.
 */
export interface Clock {
  /** Milliseconds since an arbitrary epoch; only differences matter. */
  now(): number;
  /** Schedules `fn` after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer; unknown or already-fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** Real time: `Date.now()` and the global timers. The default of every policy. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/**
 * Longest delay a platform timer honours (2^31 - 1 ms, about 24.8 days). Longer delays overflow
 * and fire at once in browsers and Node, so policies clamp to this.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;
