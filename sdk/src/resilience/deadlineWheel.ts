import { type Clock, MAX_TIMER_DELAY_MS, systemClock } from "../core/clock.js";

/** A deadline its owner settles: `expire` runs once, after `at` (on the wheel's clock), unless removed. */
export interface Deadline {
  readonly at: number;
  expire(): void;
}

/**
 * Per-call timeouts on one shared timer. Arming and clearing a platform timer on every call costs
 * about 0.5 µs here (opossum's default timeout pays it too), more than the rest of the SDK's success
 * path; the wheel instead keeps in-flight deadlines in a set and checks them every `resolutionMs`
 * while any exist. A deadline fires between `ms` and `ms + resolutionMs` after it was set, which is
 * plenty for timeouts of seconds. Memory is one entry per call in flight.
 */
export class DeadlineWheel {
  private readonly pending = new Set<Deadline>();
  private timer: unknown = undefined;

  constructor(
    /** The time deadlines run on; callers measure an attempt's duration on it too. */
    readonly clock: Clock = systemClock,
    private readonly resolutionMs = 50,
  ) {}

  /**
   * Settles as `promise` does, unless it is still pending `ms` from now: then rejects with
   * `onTimeout()` (or what it throws). The late outcome of `promise` is ignored. A non-finite `ms`,
   * or one beyond what platform timers support (~24.8 days), means no deadline: `promise` itself
   * is returned. `now`, when the caller has just read the clock, saves a read per call.
   */
  race<T>(promise: Promise<T>, ms: number, onTimeout: () => unknown, now?: number): Promise<T> {
    if (!(ms <= MAX_TIMER_DELAY_MS)) return promise;
    return new Promise<T>((resolve, reject) => {
      const deadline: Deadline = {
        at: (now ?? this.clock.now()) + Math.max(0, ms),
        expire: () => {
          let reason: unknown;
          try {
            reason = onTimeout();
          } catch (error) {
            reason = error;
          }
          reject(reason);
        },
      };
      this.pending.add(deadline);
      this.arm();
      promise.then(
        (value) => {
          this.pending.delete(deadline);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(deadline);
          reject(error);
        },
      );
    });
  }

  /**
   * Arms `deadline`, for a caller that settles its work by callback and would pay for the promise
   * {@link race} makes: it calls {@link remove} when the work settles first.
   */
  add(deadline: Deadline): void {
    this.pending.add(deadline);
    this.arm();
  }

  /** Disarms `deadline`; one that expired or was never added is ignored. */
  remove(deadline: Deadline): void {
    this.pending.delete(deadline);
  }

  /** Deadlines still armed: lets tests prove nothing leaks. */
  get size(): number {
    return this.pending.size;
  }

  private arm(): void {
    if (this.timer === undefined) this.timer = this.clock.setTimeout(this.tick, this.resolutionMs);
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const now = this.clock.now();
    for (const deadline of this.pending) {
      if (deadline.at > now) continue;
      this.pending.delete(deadline);
      deadline.expire();
    }
    if (this.pending.size > 0) this.arm();
  };
}
