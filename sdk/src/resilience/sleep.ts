import { type Clock, MAX_TIMER_DELAY_MS, systemClock } from "../core/clock.js";
import { abortReason } from "./abortReason.js";

/**
 * Resolves after `ms` on `clock`. Rejects with the signal's reason as soon as `signal` aborts,
 * clearing its timer, so that a cancelled call never sits out the rest of a backoff.
 */
export function sleep(
  ms: number,
  options?: { signal?: AbortSignal | undefined; clock?: Clock | undefined },
): Promise<void> {
  const signal = options?.signal;
  const clock = options?.clock ?? systemClock;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const delay = Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortReason(signal as AbortSignal));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delay);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
