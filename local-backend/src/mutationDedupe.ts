/** Default number of remembered mutation outcomes; the chaos suite's 5,000 mutations fit twice. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;

interface Entry<T> {
  readonly promise: Promise<T>;
  settled: boolean;
}

/**
 * Exactly-once mutations across reconnects. The official client re-sends every mutation that is
 * in flight or not yet reflected on a new socket (convex/src/browser/sync/request_manager.ts,
 * `restart`), so each (sessionId, requestId) runs once and later copies share its outcome —
 * including a copy that arrives while the first execution is still running.
 *
 * Bounded: past `capacity`, the oldest settled outcomes are forgotten first. Running entries are
 * never evicted (forgetting one would allow a second execution); the per-session queue bounds them.
 */
export class MutationDedupe<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly capacity: number = DEFAULT_DEDUPE_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`dedupe capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Starts `execute` for a new request, or returns the first execution's promise for a repeat. */
  run(
    sessionId: string,
    requestId: number,
    execute: () => Promise<T>,
  ): { promise: Promise<T>; deduped: boolean } {
    const key = `${requestId}:${sessionId}`;
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      return { promise: existing.promise, deduped: true };
    }
    const promise = execute();
    const entry: Entry<T> = { promise, settled: false };
    const settle = () => {
      entry.settled = true;
      this.evict();
    };
    promise.then(settle, settle);
    this.entries.set(key, entry);
    this.evict();
    return { promise, deduped: false };
  }

  /**
   * Forgets one request, so its next copy runs again. For an outcome a re-send must not share: a
   * deployment dedupes only committed mutations, so one refused by a system error runs when re-sent.
   */
  forget(sessionId: string, requestId: number): void {
    this.entries.delete(`${requestId}:${sessionId}`);
  }

  /** How many outcomes (settled or running) are remembered. */
  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    if (this.entries.size <= this.capacity) {
      return;
    }
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.capacity) {
        return;
      }
      if (entry.settled) {
        this.entries.delete(key);
      }
    }
  }
}
