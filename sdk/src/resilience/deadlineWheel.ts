import { type Clock, MAX_TIMER_DELAY_MS, systemClock } from "../core/clock.js";

/**
 * A deadline its owner settles: `expire` runs once, after `at` (on the wheel's clock), unless it
 * was removed first. `previousDeadline` and `nextDeadline` belong to the wheel (its list links);
 * an owner starts them at null and never touches them. The wheel sets `at` for one added with
 * {@link DeadlineWheel.addAfter}.
 */
export interface Deadline {
  at: number;
  expire(): void;
  previousDeadline: Deadline | null;
  nextDeadline: Deadline | null;
}

/**
 * Per-call timeouts on one shared timer. Arming and clearing a platform timer on every call costs
 * about 0.5 µs here (opossum's default timeout pays it too), more than the rest of the SDK's success
 * path; the wheel instead keeps in-flight deadlines in a list and checks them every `resolutionMs`
 * while any exist. A deadline fires between `ms` and `ms + resolutionMs` after it was set (up to
 * `2 × resolutionMs` for {@link DeadlineWheel.addAfter}, which reads no clock when it is set), never
 * early, which is plenty for timeouts of seconds. Memory is one entry per call in flight.
 *
 * The list is intrusive (the links live on the deadline, as in Node's own timer lists) rather than
 * a Set: adding and removing is then two pointer writes, with no hashing of a fresh object on
 * every call.
 */
export class DeadlineWheel {
  // The list's sentinel: first is `head.nextDeadline`, last `head.previousDeadline`.
  private readonly head = sentinel();
  // Deadlines from addAfter not yet placed in time: their `at` holds their duration until the
  // next tick gives them a time (their start was before that tick, so none fires early).
  private readonly starting = sentinel();
  private count = 0;
  private timer: unknown = undefined;
  /** The clock when the timer was last armed or fired (see {@link recentNow}). */
  private lastNow = 0;
  private readonly resolutionMs: number;

  constructor(
    /** The time deadlines run on; callers measure an attempt's duration on it too. */
    readonly clock: Clock = systemClock,
    resolutionMs = 50,
  ) {
    this.resolutionMs = resolutionMs;
  }

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
        previousDeadline: null,
        nextDeadline: null,
      };
      this.add(deadline);
      promise.then(
        (value) => {
          this.remove(deadline);
          resolve(value);
        },
        (error: unknown) => {
          this.remove(deadline);
          reject(error);
        },
      );
    });
  }

  /**
   * Arms `deadline`, for a caller that settles its work by callback and would pay for the promise
   * {@link race} makes: it calls {@link remove} when the work settles first. Adding one that is
   * armed already is ignored.
   */
  add(deadline: Deadline): void {
    if (deadline.nextDeadline !== null) return;
    link(this.head, deadline);
    this.count++;
    if (this.timer === undefined) this.arm(this.clock.now());
  }

  /**
   * Arms `deadline` to expire `ms` from now without reading the clock now (a read costs 40–100 ns
   * in Node, once per call): the next tick places it `ms` after its own reading, which is after the
   * deadline was added. It fires between `ms` and `ms + 2 × resolutionMs` after it was added, never
   * early. Its owner removes it as with {@link add}.
   */
  addAfter(deadline: Deadline, ms: number): void {
    if (deadline.nextDeadline !== null) return;
    deadline.at = ms;
    link(this.starting, deadline);
    this.count++;
    if (this.timer === undefined) this.arm(this.clock.now());
  }

  /** Disarms `deadline`; one that expired or was never added is ignored. */
  remove(deadline: Deadline): void {
    if (deadline.nextDeadline === null) return;
    unlink(deadline);
    this.count--;
  }

  /**
   * The wheel's clock as of its last tick or arming, while its timer is armed: at most about
   * `resolutionMs` old then, since the tick refreshes it (more only while the event loop is
   * blocked). Undefined while idle, when it could be arbitrarily old. For a caller that can place
   * an event that coarsely (a breaker's window, in buckets of seconds) and so saves a clock read
   * per call, which costs 40–100 ns in Node.
   */
  recentNow(): number | undefined {
    return this.timer === undefined ? undefined : this.lastNow;
  }

  /** Deadlines still armed: lets tests prove nothing leaks. */
  get size(): number {
    return this.count;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const now = this.clock.now();
    for (let deadline = this.starting.nextDeadline!; deadline !== this.starting; ) {
      const next = deadline.nextDeadline!;
      unlink(deadline);
      deadline.at = now + deadline.at;
      link(this.head, deadline);
      deadline = next;
    }
    // Unlinked first, expired after: an `expire` may add or remove deadlines.
    const due: Deadline[] = [];
    for (let deadline = this.head.nextDeadline!; deadline !== this.head; ) {
      const next = deadline.nextDeadline!;
      if (deadline.at <= now) {
        this.remove(deadline);
        due.push(deadline);
      }
      deadline = next;
    }
    // One owner's throwing `expire` must not strand the others: every due deadline expires and
    // the wheel keeps ticking for those still armed; the first throw is raised after that.
    let failure: { error: unknown } | undefined;
    for (const deadline of due) {
      try {
        deadline.expire();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (this.count > 0 && this.timer === undefined) this.arm(now);
    if (failure) throw failure.error;
  };

  private arm(now: number): void {
    this.lastNow = now;
    this.timer = this.clock.setTimeout(this.tick, this.resolutionMs);
  }
}

function sentinel(): Deadline {
  const head: Deadline = {
    at: Number.POSITIVE_INFINITY,
    expire: () => {},
    previousDeadline: null,
    nextDeadline: null,
  };
  head.previousDeadline = head;
  head.nextDeadline = head;
  return head;
}

/** Appends `deadline` to the list `head` is the sentinel of. */
function link(head: Deadline, deadline: Deadline): void {
  const last = head.previousDeadline!;
  deadline.previousDeadline = last;
  deadline.nextDeadline = head;
  last.nextDeadline = deadline;
  head.previousDeadline = deadline;
}

/** Takes `deadline` out of its list. */
function unlink(deadline: Deadline): void {
  deadline.previousDeadline!.nextDeadline = deadline.nextDeadline;
  deadline.nextDeadline!.previousDeadline = deadline.previousDeadline;
  deadline.nextDeadline = null;
  deadline.previousDeadline = null;
}
