import { describe, expect, it } from "vitest";
import { DeadlineWheel } from "./deadlineWheel.js";
import { FakeClock } from "./test-support/fakeClock.js";

class Timeout extends Error {}

describe("DeadlineWheel", () => {
  it("settles with the promise and forgets its deadline when the promise wins", async () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    await expect(wheel.race(Promise.resolve("ok"), 1_000, () => new Timeout())).resolves.toBe("ok");
    expect(wheel.size).toBe(0);
  });

  it("passes the promise's rejection through", async () => {
    const wheel = new DeadlineWheel(new FakeClock(), 50);
    await expect(
      wheel.race(Promise.reject(new Error("boom")), 1_000, () => new Timeout()),
    ).rejects.toThrow("boom");
    expect(wheel.size).toBe(0);
  });

  it("rejects with onTimeout()'s value once the deadline passes, within one resolution step", async () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    let settled = false;
    const result = wheel.race(new Promise<string>(() => {}), 1_000, () => new Timeout("too slow"));
    result.catch(() => {
      settled = true;
    });
    clock.advance(999);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(50);
    await expect(result).rejects.toThrow("too slow");
    expect(wheel.size).toBe(0);
  });

  it("ignores the promise's late outcome after the deadline", async () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 10);
    let resolveLate: (value: string) => void = () => {};
    const late = new Promise<string>((resolve) => {
      resolveLate = resolve;
    });
    const result = wheel.race(late, 10, () => new Timeout());
    clock.advance(20);
    resolveLate("late");
    await expect(result).rejects.toBeInstanceOf(Timeout);
  });

  it("rejects with what onTimeout throws, if it throws", async () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 5);
    const result = wheel.race(new Promise(() => {}), 5, () => {
      throw new Timeout("thrown");
    });
    clock.advance(10);
    await expect(result).rejects.toThrow("thrown");
  });

  it("uses one timer for many calls in flight, and none once they are done", async () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    const releases: (() => void)[] = [];
    const calls = Array.from({ length: 1_000 }, () =>
      wheel.race(
        new Promise<void>((resolve) => releases.push(resolve)),
        30_000,
        () => new Timeout(),
      ),
    );
    expect(clock.pendingTimers).toBe(1);
    for (const release of releases) release();
    await Promise.all(calls);
    expect(wheel.size).toBe(0);
    clock.advance(50);
    expect(clock.pendingTimers).toBe(0);
  });

  it("returns the promise itself when there is no usable deadline", () => {
    const promise = Promise.resolve(1);
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock);
    expect(wheel.race(promise, Number.POSITIVE_INFINITY, () => new Timeout())).toBe(promise);
    expect(wheel.race(promise, Number.NaN, () => new Timeout())).toBe(promise);
    expect(wheel.race(promise, 2 ** 40, () => new Timeout())).toBe(promise);
    expect(clock.pendingTimers).toBe(0);
  });

  it("expires a deadline added by hand once, and never one removed first", () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    const expired: string[] = [];
    const deadline = (name: string, at: number) => ({
      at,
      expire: () => expired.push(name),
      previousDeadline: null,
      nextDeadline: null,
    });
    const kept = deadline("kept", 100);
    const removed = deadline("removed", 100);
    const later = deadline("later", 400);
    wheel.add(kept);
    wheel.add(kept);
    wheel.add(removed);
    wheel.add(later);
    wheel.remove(removed);
    wheel.remove(removed);
    expect(wheel.size).toBe(2);
    clock.advance(150);
    expect(expired).toEqual(["kept"]);
    clock.advance(300);
    expect(expired).toEqual(["kept", "later"]);
    expect(wheel.size).toBe(0);
  });

  it("expires every due deadline and keeps ticking when one owner's expire throws", () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    const expired: string[] = [];
    const deadline = (name: string, at: number) => ({
      at,
      expire: () => {
        expired.push(name);
        if (name === "throws") throw new Error("owner bug");
      },
      previousDeadline: null,
      nextDeadline: null,
    });
    wheel.add(deadline("throws", 100));
    wheel.add(deadline("due", 100));
    wheel.add(deadline("later", 400));
    expect(() => clock.advance(150)).toThrow("owner bug");
    expect(expired).toEqual(["throws", "due"]);
    clock.advance(300);
    expect(expired).toEqual(["throws", "due", "later"]);
    expect(wheel.size).toBe(0);
  });

  it("knows a recent time only while armed, never older than its last tick", () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    expect(wheel.recentNow()).toBeUndefined();
    clock.advance(1_000);
    const deadline = {
      at: 1_200,
      expire: () => {},
      previousDeadline: null,
      nextDeadline: null,
    };
    wheel.add(deadline);
    expect(wheel.recentNow()).toBe(1_000);
    clock.advance(60);
    // Refreshed by the tick, which re-armed for the deadline still pending.
    expect(wheel.recentNow()).toBe(1_050);
    wheel.remove(deadline);
    clock.advance(60);
    // The last tick found nothing armed: idle, so no recent time.
    expect(wheel.recentNow()).toBeUndefined();
  });

  it("places a deadline added after a duration at its next tick: never early, at most two steps late", () => {
    const clock = new FakeClock();
    const wheel = new DeadlineWheel(clock, 50);
    const expired: number[] = [];
    const deadline = {
      at: 0,
      expire: () => expired.push(clock.now()),
      previousDeadline: null,
      nextDeadline: null,
    };
    clock.advance(1_000);
    wheel.addAfter(deadline, 120);
    clock.advance(119);
    expect(expired).toEqual([]);
    clock.advance(81);
    // Placed at the first tick (1,050 + 120 = 1,170), expired at the tick after that.
    expect(expired).toEqual([1_200]);
    expect(wheel.size).toBe(0);
  });
});
