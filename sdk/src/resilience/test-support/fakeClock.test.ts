import { describe, expect, it } from "vitest";
import { FakeClock } from "./fakeClock.js";

describe("FakeClock", () => {
  it("fires timers in due order, then creation order, as time advances", () => {
    const clock = new FakeClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20);
    clock.setTimeout(() => fired.push("a@10"), 10);
    clock.setTimeout(() => fired.push("c@20"), 20);
    clock.advance(15);
    expect(fired).toEqual(["a@10"]);
    expect(clock.now()).toBe(115);
    clock.advance(5);
    expect(fired).toEqual(["a@10", "b@20", "c@20"]);
  });

  it("shows each timer the time it was due at", () => {
    const clock = new FakeClock();
    let seen = -1;
    clock.setTimeout(() => {
      seen = clock.now();
    }, 30);
    clock.advance(100);
    expect(seen).toBe(30);
    expect(clock.now()).toBe(100);
  });

  it("does not fire cleared timers", () => {
    const clock = new FakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 10);
    clock.clearTimeout(handle);
    clock.clearTimeout("not a handle");
    clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it("lets promise chains run between timers when advanced asynchronously", async () => {
    const clock = new FakeClock();
    const wait = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const steps: number[] = [];
    const done = (async () => {
      await wait(10);
      steps.push(clock.now());
      await wait(10);
      steps.push(clock.now());
    })();
    await clock.advanceAsync(25);
    await done;
    expect(steps).toEqual([10, 20]);
  });

  it("runAllAsync fails loudly instead of hanging on code that keeps rescheduling", async () => {
    const clock = new FakeClock();
    const again = (): void => {
      clock.setTimeout(again, 1);
    };
    again();
    await expect(clock.runAllAsync(50)).rejects.toThrow(RangeError);
  });
});
