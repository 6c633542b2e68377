import { describe, expect, it } from "vitest";
import { sleep } from "./sleep.js";
import { FakeClock } from "./test-support/fakeClock.js";

describe("sleep", () => {
  it("resolves once the clock reaches the delay", async () => {
    const clock = new FakeClock();
    let done = false;
    void sleep(100, { clock }).then(() => {
      done = true;
    });
    await clock.advanceAsync(99);
    expect(done).toBe(false);
    await clock.advanceAsync(1);
    expect(done).toBe(true);
  });

  it("rejects with the signal's reason mid-sleep and clears its timer", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const slept = sleep(10_000, { clock, signal: controller.signal });
    expect(clock.pendingTimers).toBe(1);
    controller.abort("navigated away");
    await expect(slept).rejects.toBe("navigated away");
    expect(clock.pendingTimers).toBe(0);
  });

  it("rejects at once with an AbortError when the signal has already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(10, { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("clamps delays beyond what platform timers support instead of firing at once", async () => {
    const clock = new FakeClock();
    let done = false;
    void sleep(Number.MAX_SAFE_INTEGER, { clock }).then(() => {
      done = true;
    });
    await clock.advanceAsync(1_000_000);
    expect(done).toBe(false);
  });

  it("uses real timers by default", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
