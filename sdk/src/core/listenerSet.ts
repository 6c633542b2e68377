import { isThenable } from "./isThenable.js";

/** Where listener errors are counted: the lens's `Diagnostics` is one, without core importing it. */
export interface ListenerErrorCounter {
  record(source: "listener", error: unknown): void;
}

/**
 * Listeners of one kind of event, isolated from each other and from the code that notifies them
 * (DESIGN.md: telemetry never breaks the app), like TanStack query-core's `Subscribable`. A listener
 * that throws, or returns a promise that rejects, is counted in {@link ListenerSet.errors} and
 * handed to a counter (the lens's diagnostics); the other listeners still run.
 */
export class ListenerSet<L extends (...args: never[]) => unknown> {
  /** Errors thrown or rejected by listeners so far. */
  errors = 0;
  private readonly listeners = new Set<L>();
  /**
   * The listeners as an array, rebuilt only after a change (copy-on-write): `notify` runs once per
   * finished call on the hot path, and must not allocate a copy each time.
   */
  private snapshot: readonly L[] | null = null;
  private readonly counter: ListenerErrorCounter | undefined;

  /** `counter` (the lens's diagnostics) records each listener error; it must not throw itself. */
  constructor(counter?: ListenerErrorCounter) {
    this.counter = counter;
  }

  /** How many listeners are subscribed; owners start and stop work on the first and the last. */
  get size(): number {
    return this.listeners.size;
  }

  /** Subscribes `listener`; returns the function that unsubscribes it. */
  add(listener: L): () => void {
    this.listeners.add(listener);
    this.snapshot = null;
    return () => {
      this.delete(listener);
    };
  }

  /** Unsubscribes `listener`; false when it was not subscribed. */
  delete(listener: L): boolean {
    this.snapshot = null;
    return this.listeners.delete(listener);
  }

  /** Unsubscribes every listener. */
  clear(): void {
    this.listeners.clear();
    this.snapshot = null;
  }

  /**
   * Calls each listener with `args`, the ones subscribed when it starts: a listener added meanwhile
   * waits for the next event, and one removed meanwhile is still called this once.
   */
  notify(...args: Parameters<L>): void {
    if (this.listeners.size === 0) return;
    this.snapshot ??= [...this.listeners];
    for (const listener of this.snapshot) {
      try {
        const value = (listener as (...args: Parameters<L>) => unknown)(...args);
        if (isThenable(value)) value.then(undefined, (error: unknown) => this.fail(error));
      } catch (error) {
        this.fail(error);
      }
    }
  }

  /** Counts a listener's error that happened outside {@link notify}, such as a dropped event. */
  fail(error: unknown): void {
    this.errors++;
    this.counter?.record("listener", error);
  }
}
