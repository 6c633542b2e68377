import { ListenerSet } from "../core/listenerSet.js";

/** What `useSyncExternalStore` needs: a subscription and a snapshot that is stable between changes. */
export interface CachedStore<T> {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): T;
}

/**
 * Caches `read()` so that every render between two changes sees the same object, which is what
 * `useSyncExternalStore` requires and what stops re-renders when nothing changed. The sources are
 * followed (`listen`) only while a component is subscribed, and each time they fire, `keep` decides
 * whether the fresh value differs from the cached one; returning the previous value (or parts of
 * it) is how an unrelated change leaves components alone. Hand-written: React's `with-selector`
 * shim would add a dependency and still need these equality rules.
 */
export function cachedStore<T>(
  read: () => T,
  listen: (refresh: () => void) => () => void,
  keep: (previous: T, next: T) => T = (_previous, next) => next,
): CachedStore<T> {
  const listeners = new ListenerSet<() => void>();
  let cached: { value: T } | undefined;
  let stop: (() => void) | undefined;
  const refresh = (): void => {
    const next = cached ? keep(cached.value, read()) : read();
    if (cached && Object.is(next, cached.value)) return;
    cached = { value: next };
    listeners.notify();
  };
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (listeners.size === 1) {
        stop = listen(refresh);
        // A change between the render that read the cache and this subscription is seen now.
        if (cached) refresh();
      }
      return () => {
        if (!listeners.delete(onChange) || listeners.size > 0) return;
        stop?.();
        stop = undefined;
        // Unfollowed, the cache would go stale: the next mount reads afresh.
        cached = undefined;
      };
    },
    getSnapshot() {
      cached ??= { value: read() };
      return cached.value;
    },
  };
}

/** A `keep` for {@link cachedStore}: the previous value stays while its `key` is unchanged. */
export function keepWhileSame<T>(key: (value: T) => string): (previous: T, next: T) => T {
  return (previous, next) => (key(previous) === key(next) ? previous : next);
}
