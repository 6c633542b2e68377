/**
 * Polls `check` until it stops throwing, or fails with its last error after `timeoutMs`. For
 * waiting on observable outcomes (a row count, a pushed update) without fixed sleeps.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw lastError;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the first value `subscribe` delivers that satisfies `predicate`. */
export function firstMatching<T>(
  subscribe: (onValue: (value: T) => void) => () => void,
  predicate: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(new Error(`no matching value within ${timeoutMs} ms`));
    }, timeoutMs);
    unsubscribe = subscribe((value) => {
      if (!done && predicate(value)) {
        done = true;
        clearTimeout(timer);
        queueMicrotask(() => unsubscribe?.());
        resolve(value);
      }
    });
  });
}
