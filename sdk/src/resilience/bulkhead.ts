import { checkFields, numberRule, orValue, type Rule } from "../core/optionChecks.js";
import { abortReason } from "./abortReason.js";

/** Caps on one bulkhead: calls running at once, and calls waiting for a slot. */
export interface BulkheadOptions {
  /** Calls allowed in flight at once (>= 1). */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot (>= 0); beyond it calls are rejected at once. */
  maxQueued: number;
}

interface Waiter {
  readonly resolve: (release: () => void) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

/**
 * Caps the concurrency of a function (e.g. an expensive action), so that a burst of calls cannot
 * swamp the backend: `maxConcurrent` run, `maxQueued` wait in FIFO order, the rest are refused at
 * once (the integrator rejects them with RATE_LIMITED). Memory is bounded by `maxQueued`.
 */
export class Bulkhead {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly options: Readonly<BulkheadOptions>) {
    validateBulkheadOptions(options);
  }

  /**
   * Resolves to a release function once a slot is free (call it exactly once when the call ends;
   * later calls are ignored). Returns null at once when the queue is full. Rejects with the
   * signal's reason if it aborts while waiting, and gives the place in the queue back.
   */
  acquire(signal?: AbortSignal): Promise<() => void> | null {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const release = this.tryAcquire();
    if (release !== null) return Promise.resolve(release);
    if (this.queue.length >= this.options.maxQueued) return null;
    return new Promise<() => void>((resolve, reject) => {
      const onAbort =
        signal === undefined
          ? undefined
          : (): void => {
              const index = this.queue.indexOf(waiter);
              if (index >= 0) this.queue.splice(index, 1);
              reject(abortReason(signal));
            };
      const waiter: Waiter = { resolve, signal, onAbort };
      this.queue.push(waiter);
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** A release function when a slot is free right now, else null. Never queues; no promise. */
  tryAcquire(): (() => void) | null {
    if (this.active >= this.options.maxConcurrent) return null;
    this.active++;
    return this.releaser();
  }

  /** Calls running and calls waiting, for diagnostics and the panel. */
  snapshot(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.active < this.options.maxConcurrent) {
      const waiter = this.queue.shift();
      if (waiter === undefined) return;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      this.active++;
      waiter.resolve(this.releaser());
    }
  }
}

const RULES: Readonly<Record<keyof BulkheadOptions, Rule>> = {
  maxConcurrent: /* @__PURE__ */ numberRule(1, Number.POSITIVE_INFINITY, true),
  maxQueued: /* @__PURE__ */ orValue(
    numberRule(0, Number.POSITIVE_INFINITY, true),
    Number.POSITIVE_INFINITY,
  ),
};

/** Throws a RangeError naming the invalid option. `maxQueued` may be Infinity (no cap). */
export function validateBulkheadOptions(options: BulkheadOptions, label = "bulkhead"): void {
  checkFields(options, RULES, label);
}
