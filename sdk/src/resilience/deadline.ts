import { type Clock, MAX_TIMER_DELAY_MS, systemClock } from "./clock.js";

/**
 * Rejects with `onTimeout()` if `promise` has not settled within `ms`; otherwise settles as it
 * does. The timer is cleared the moment `promise` settles, so a busy app does not accumulate
 * armed timers (opossum's default arms one per call and keeps it for the full timeout).
 * A non-finite `ms`, or one beyond what platform timers support (~24.8 days), means no deadline:
 * `promise` is returned as is. The timed-out `promise` keeps running; its outcome is ignored.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => unknown,
  clock: Clock = systemClock,
): Promise<T> {
  if (!(ms <= MAX_TIMER_DELAY_MS)) return promise;
  return new Promise<T>((resolve, reject) => {
    const handle = clock.setTimeout(
      () => {
        let reason: unknown;
        try {
          reason = onTimeout();
        } catch (error) {
          reason = error;
        }
        reject(reason);
      },
      Math.max(0, ms),
    );
    promise.then(
      (value) => {
        clock.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(handle);
        reject(error);
      },
    );
  });
}
