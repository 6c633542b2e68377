import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline.js";
import { FakeClock } from "./fakeClock.js";

class Timeout extends Error {}

describe("withDeadline", () => {
  it("settles with the promise and clears its timer when the promise wins", async () => {
    const clock = new FakeClock();
    const result = withDeadline(Promise.resolve("ok"), 1_000, () => new Timeout(), clock);
    expect(clock.pendingTimers).toBe(1);
    await expect(result).resolves.toBe("ok");
    expect(clock.pendingTimers).toBe(0);
  });

  it("passes the promise's rejection through and clears its timer", async () => {
    const clock = new FakeClock();
    const result = withDeadline(
      Promise.reject(new Error("boom")),
      1_000,
      () => new Timeout(),
      clock,
    );
    await expect(result).rejects.toThrow("boom");
    expect(clock.pendingTimers).toBe(0);
  });

  it("rejects with onTimeout()'s value once the deadline passes", async () => {
    const clock = new FakeClock();
    const never = new Promise<string>(() => {});
    const result = withDeadline(never, 1_000, () => new Timeout("too slow"), clock);
    clock.advance(999);
    clock.advance(1);
    await expect(result).rejects.toThrow("too slow");
  });

  it("ignores the promise's late outcome after the deadline", async () => {
    const clock = new FakeClock();
    let resolveLate: (value: string) => void = () => {};
    const late = new Promise<string>((resolve) => {
      resolveLate = resolve;
    });
    const result = withDeadline(late, 10, () => new Timeout(), clock);
    clock.advance(10);
    resolveLate("late");
    await expect(result).rejects.toBeInstanceOf(Timeout);
  });

  it("rejects with what onTimeout throws, if it throws", async () => {
    const clock = new FakeClock();
    const result = withDeadline(
      new Promise(() => {}),
      5,
      () => {
        throw new Timeout("thrown");
      },
      clock,
    );
    clock.advance(5);
    await expect(result).rejects.toThrow("thrown");
  });

  it("leaves no timer behind across many fast calls", async () => {
    const clock = new FakeClock();
    for (let i = 0; i < 1_000; i++)
      await withDeadline(Promise.resolve(i), 30_000, () => new Timeout(), clock);
    expect(clock.pendingTimers).toBe(0);
  });

  it("returns the promise itself when there is no usable deadline", () => {
    const promise = Promise.resolve(1);
    const clock = new FakeClock();
    expect(withDeadline(promise, Number.POSITIVE_INFINITY, () => new Timeout(), clock)).toBe(
      promise,
    );
    expect(withDeadline(promise, Number.NaN, () => new Timeout(), clock)).toBe(promise);
    expect(withDeadline(promise, 2 ** 40, () => new Timeout(), clock)).toBe(promise);
    expect(clock.pendingTimers).toBe(0);
  });
});
