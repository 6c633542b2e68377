import type { Clock } from "../../core/clock.js";

interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

type ImmediateScheduler = (fn: () => void) => unknown;

// A macrotask lets every pending microtask (promise reaction) run first. setImmediate is far
// cheaper than setTimeout(0) (clamped to 1 ms in Node), so use it where the platform has it.
const scheduleMacrotask: ImmediateScheduler =
  (globalThis as { setImmediate?: ImmediateScheduler }).setImmediate ??
  ((fn) => globalThis.setTimeout(fn, 0));

/**
 * A manual clock for tests: time moves only when the test says so, and timers fire in due order.
 * Test-only (excluded from the build): it lives in test-support so no app bundle can carry it.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;
  private nextSeq = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): number {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: FakeTimer = {
      id: this.nextId++,
      at: this.current + delay,
      seq: this.nextSeq++,
      fn,
    };
    // Sorted insert keeps firing order stable: by due time, then by creation order.
    let index = this.timers.length;
    while (index > 0 && (this.timers[index - 1] as FakeTimer).at > timer.at) index--;
    this.timers.splice(index, 0, timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.timers.findIndex((timer) => timer.id === handle);
    if (index >= 0) this.timers.splice(index, 1);
  }

  /** Timers scheduled and not yet fired or cleared: lets tests prove nothing leaks. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers synchronously in order. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    while (this.fireNextDue(target));
    this.current = target;
  }

  /**
   * Moves time forward by `ms` like {@link advance}, but lets promise reactions run before and
   * after each timer, so async code awaiting those timers makes progress as it would for real.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await this.flush();
    while (this.fireNextDue(target)) await this.flush();
    this.current = target;
  }

  /**
   * Fires timers one by one, jumping time to each, until none is left. Throws after `limit` timers
   * so that code that keeps rescheduling fails the test instead of hanging it.
   */
  async runAllAsync(limit = 10_000): Promise<void> {
    await this.flush();
    for (let fired = 0; ; fired++) {
      if (this.timers.length === 0) return;
      if (fired >= limit)
        throw new RangeError(`FakeClock.runAllAsync fired more than ${limit} timers`);
      this.fireNextDue(Number.POSITIVE_INFINITY);
      await this.flush();
    }
  }

  /** Fires the earliest timer due by `target`, moving time to it; false when none is due. */
  private fireNextDue(target: number): boolean {
    const next = this.timers[0];
    if (next === undefined || next.at > target) return false;
    this.timers.shift();
    this.current = Math.max(this.current, next.at);
    next.fn();
    return true;
  }

  /** Resolves after every microtask queued so far has run. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      scheduleMacrotask(resolve);
    });
  }
}
