import { describe, expect, it, vi } from "vitest";
import { createOnlineManager } from "./onlineManager.js";
import {
  defaultRetryOptions,
  type RetryHooks,
  type RetryOptions,
  resolveRetryOptions,
  retry,
} from "./retry.js";
import { createRetryBudget, isRetryBudget } from "./retryBudget.js";
import { FakeClock } from "./test-support/fakeClock.js";

const noJitter: RetryOptions = { ...defaultRetryOptions, jitter: "none", budget: false };
const always: RetryHooks = { shouldRetry: () => true };

class Transient extends Error {}

/** A run() that fails `failures` times, then returns "ok". */
function flaky(failures: number) {
  const attempts: number[] = [];
  const run = vi.fn(async (attempt: number) => {
    attempts.push(attempt);
    if (attempts.length <= failures) throw new Transient(`attempt ${attempt} failed`);
    return "ok";
  });
  return { run, attempts };
}

/** The outcome of a promise as a value, so a rejection never goes unhandled while we wait. */
function capture<T>(promise: Promise<T>) {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Runs the fake clock until no timer is left, then returns the promise's outcome. */
async function settle<T>(clock: FakeClock, promise: Promise<T>) {
  const outcome = capture(promise);
  await clock.runAllAsync();
  return outcome;
}

describe("retry", () => {
  it("returns the first attempt's result without arming any timer", async () => {
    const clock = new FakeClock();
    const { run } = flaky(0);
    await expect(retry(run, noJitter, always, { clock })).resolves.toBe("ok");
    expect(run).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it("hands back run's own promise when there is nothing to retry", () => {
    const promise = Promise.resolve(1);
    expect(retry(() => promise, { ...noJitter, maxAttempts: 1 }, always)).toBe(promise);
  });

  it("retries a retryable failure after the backoff delay and resolves with the later result", async () => {
    const clock = new FakeClock();
    const { run, attempts } = flaky(2);
    const retries: { attempt: number; delayMs: number }[] = [];
    const hooks: RetryHooks = {
      shouldRetry: (error) => error instanceof Transient,
      onRetry: ({ attempt, delayMs }) => retries.push({ attempt, delayMs }),
    };
    const result = retry(run, noJitter, hooks, { clock });
    await clock.advanceAsync(249);
    expect(attempts).toEqual([1]);
    await clock.advanceAsync(1);
    expect(attempts).toEqual([1, 2]);
    await expect(settle(clock, result)).resolves.toEqual({ ok: true, value: "ok" });
    expect(attempts).toEqual([1, 2, 3]);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 250 },
      { attempt: 2, delayMs: 500 },
    ]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const clock = new FakeClock();
    const { run } = flaky(10);
    const onGiveUp = vi.fn();
    const outcome = await settle(clock, retry(run, noJitter, { ...always, onGiveUp }, { clock }));
    expect(run).toHaveBeenCalledTimes(4);
    expect(outcome).toMatchObject({ ok: false, error: { message: "attempt 4 failed" } });
    expect(onGiveUp).toHaveBeenCalledWith(
      expect.objectContaining({ attempt: 4, reason: "max-attempts" }),
    );
  });

  it("never calls run again once shouldRetry says no", async () => {
    const clock = new FakeClock();
    const { run } = flaky(10);
    const shouldRetry = vi.fn((_error: unknown, attempt: number) => attempt < 2);
    const outcome = await settle(clock, retry(run, noJitter, { shouldRetry }, { clock }));
    expect(run).toHaveBeenCalledTimes(2);
    expect(shouldRetry.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2]);
    expect(outcome).toMatchObject({ ok: false, error: { message: "attempt 2 failed" } });
  });

  it("does not retry when shouldRetry throws: a re-send could duplicate a mutation", async () => {
    const clock = new FakeClock();
    const { run } = flaky(1);
    const hooks: RetryHooks = {
      shouldRetry: () => {
        throw new Error("classifier bug");
      },
    };
    const outcome = await settle(clock, retry(run, noJitter, hooks, { clock }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ ok: false, error: { message: "attempt 1 failed" } });
  });

  it("treats a synchronous throw from run as a failed attempt", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const run = (): Promise<string> => {
      calls++;
      if (calls === 1) throw new Transient("sync");
      return Promise.resolve("ok");
    };
    await expect(settle(clock, retry(run, noJitter, always, { clock }))).resolves.toEqual({
      ok: true,
      value: "ok",
    });
  });

  it("stops retrying when the budget is spent and fails with the last error", async () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ ratio: 0, maxTokens: 2 });
    const onGiveUp = vi.fn();
    const first = flaky(10);
    await settle(clock, retry(first.run, noJitter, { ...always, onGiveUp }, { clock, budget }));
    expect(first.run).toHaveBeenCalledTimes(2); // the only token went to the first call
    expect(onGiveUp).toHaveBeenCalledWith(expect.objectContaining({ reason: "budget-exhausted" }));
    const second = flaky(10);
    const outcome = await settle(clock, retry(second.run, noJitter, always, { clock, budget }));
    expect(second.run).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ ok: false, error: { message: "attempt 1 failed" } });
  });

  it("shares one budget among calls that pass the same budget options", async () => {
    const clock = new FakeClock();
    const options: RetryOptions = {
      ...noJitter,
      budget: { ratio: 0, maxTokens: 2 },
    };
    const a = flaky(10);
    const b = flaky(10);
    await settle(clock, retry(a.run, options, always, { clock }));
    await settle(clock, retry(b.run, options, always, { clock }));
    expect(a.run.mock.calls.length + b.run.mock.calls.length).toBe(3);
  });

  it("retries without limit from a budget when the budget is off", async () => {
    const clock = new FakeClock();
    for (let i = 0; i < 20; i++) {
      const { run } = flaky(3);
      await expect(settle(clock, retry(run, noJitter, always, { clock }))).resolves.toMatchObject({
        ok: true,
      });
    }
  });

  it("rejects at once with the signal's reason when aborted mid-sleep, and clears the timer", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { run } = flaky(10);
    const outcome = retry(run, noJitter, always, { clock, signal: controller.signal }).then(
      () => "resolved",
      (error: unknown) => error,
    );
    await clock.flush();
    expect(clock.pendingTimers).toBe(1);
    controller.abort(new Error("user left the page"));
    await expect(outcome).resolves.toMatchObject({ message: "user left the page" });
    expect(clock.pendingTimers).toBe(0);
    await clock.runAllAsync();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("rejects at once with an AbortError when aborted mid-attempt", async () => {
    const controller = new AbortController();
    let failAttempt: (error: Error) => void = () => {};
    const run = (): Promise<string> =>
      new Promise((_, reject) => {
        failAttempt = reject;
      });
    const outcome = retry(run, noJitter, always, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    failAttempt(new Error("late")); // handled: no unhandled rejection
  });

  it("never calls run when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const run = vi.fn(async () => "ok");
    await expect(retry(run, noJitter, always, { signal: controller.signal })).rejects.toMatchObject(
      {
        name: "AbortError",
      },
    );
    expect(run).not.toHaveBeenCalled();
  });

  it("waits for the network instead of burning attempts while offline", async () => {
    const clock = new FakeClock();
    const online = createOnlineManager({});
    online.setForcedOffline(true);
    const { run } = flaky(10);
    const hooks: RetryHooks = {
      ...always,
      isOnline: online.isOnline,
      waitForOnline: online.waitForOnline,
    };
    const outcome = capture(retry(run, { ...noJitter, maxAttempts: 2 }, hooks, { clock }));
    await clock.advanceAsync(3_600_000); // an hour offline
    expect(run).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers).toBe(0); // waiting on the network, not polling
    online.setForcedOffline(false);
    await clock.runAllAsync();
    // The failure while offline was forgiven: two more attempts once back online.
    await expect(outcome).resolves.toMatchObject({ ok: false });
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("takes no budget for a retry after an offline failure", async () => {
    const clock = new FakeClock();
    const online = createOnlineManager({});
    const budget = createRetryBudget({ ratio: 0, maxTokens: 0 });
    online.setForcedOffline(true);
    const { run } = flaky(1);
    const hooks: RetryHooks = {
      ...always,
      isOnline: online.isOnline,
      waitForOnline: online.waitForOnline,
    };
    const outcome = capture(retry(run, noJitter, hooks, { clock, budget }));
    await clock.advanceAsync(1_000);
    online.setForcedOffline(false);
    await clock.runAllAsync();
    await expect(outcome).resolves.toEqual({ ok: true, value: "ok" });
  });

  it("rejects promptly when aborted while waiting for the network", async () => {
    const clock = new FakeClock();
    const online = createOnlineManager({});
    online.setForcedOffline(true);
    const controller = new AbortController();
    const { run } = flaky(10);
    const hooks: RetryHooks = {
      ...always,
      isOnline: online.isOnline,
      // A hook that ignores the signal must not keep the call hanging.
      waitForOnline: () => online.waitForOnline(),
    };
    const outcome = retry(run, noJitter, hooks, { clock, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await clock.advanceAsync(60_000);
    controller.abort();
    await expect(outcome).resolves.toMatchObject({ name: "AbortError" });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("fails with the wait's OFFLINE error when the network wait is refused", async () => {
    const clock = new FakeClock();
    const online = createOnlineManager({ maxWaiters: 0 });
    online.setForcedOffline(true);
    const { run } = flaky(10);
    const hooks: RetryHooks = {
      ...always,
      isOnline: online.isOnline,
      waitForOnline: online.waitForOnline,
    };
    const outcome = await settle(clock, retry(run, noJitter, hooks, { clock }));
    expect(outcome).toMatchObject({ ok: false, error: { code: "OFFLINE" } });
  });

  it("keeps retrying when an onRetry or onGiveUp observer throws", async () => {
    const clock = new FakeClock();
    const { run } = flaky(2);
    const hooks: RetryHooks = {
      ...always,
      onRetry: () => {
        throw new Error("observer bug");
      },
    };
    await expect(settle(clock, retry(run, noJitter, hooks, { clock }))).resolves.toEqual({
      ok: true,
      value: "ok",
    });
    const failing = flaky(10);
    const giveUp: RetryHooks = {
      ...always,
      onGiveUp: () => {
        throw new Error("observer bug");
      },
    };
    const outcome = await settle(clock, retry(failing.run, noJitter, giveUp, { clock }));
    expect(outcome).toMatchObject({ ok: false, error: { message: "attempt 4 failed" } });
  });

  it("uses the injected randomness for jitter", async () => {
    const clock = new FakeClock();
    const { run } = flaky(1);
    const delays: number[] = [];
    const hooks: RetryHooks = { ...always, onRetry: ({ delayMs }) => delays.push(delayMs) };
    const options = { ...noJitter, jitter: "full" as const };
    await settle(clock, retry(run, options, hooks, { clock, random: () => 0.5 }));
    expect(delays).toEqual([125]);
  });
});

describe("the retry budget under load", () => {
  /** A seeded source in [0, 1) (mulberry32), so both runs see the same faults. */
  function seeded(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  /** Sends `calls` calls one after another; each attempt fails with probability `failureRate`. */
  async function load(calls: number, failureRate: number, budget: RetryOptions["budget"]) {
    const clock = new FakeClock();
    const random = seeded(42);
    const options: RetryOptions = { ...noJitter, initialDelayMs: 0, maxDelayMs: 0, budget };
    let attempts = 0;
    let delivered = 0;
    const run = async () => {
      attempts++;
      if (random() < failureRate) throw new Transient("overloaded");
      return "ok";
    };
    for (let i = 0; i < calls; i++) {
      const outcome = await settle(clock, retry(run, options, always, { clock }));
      if (outcome.ok) delivered++;
    }
    return { attempts, delivered };
  }

  it("caps a retry storm under a sustained overload to about 1.2 requests per call", async () => {
    const unbudgeted = await load(1_000, 1, false);
    const budgeted = await load(1_000, 1, {});
    expect(unbudgeted.attempts).toBe(4_000);
    expect(budgeted.attempts).toBeLessThanOrEqual(1_000 * 1.2 + 10);
  });

  it("keeps goodput under transient faults: every call the unbudgeted loop delivers", async () => {
    const unbudgeted = await load(1_000, 0.1, false);
    const budgeted = await load(1_000, 0.1, {});
    expect(budgeted.delivered).toBe(unbudgeted.delivered);
    expect(budgeted.delivered).toBeGreaterThanOrEqual(999);
  });
});

describe("resolveRetryOptions", () => {
  it("fills in the README defaults and turns budget options into a shared budget", () => {
    const resolved = resolveRetryOptions();
    expect(resolved).toMatchObject({
      maxAttempts: 4,
      initialDelayMs: 250,
      maxDelayMs: 8_000,
      multiplier: 2,
      jitter: "full",
    });
    expect(isRetryBudget(resolved.budget)).toBe(true);
    expect(resolveRetryOptions({ budget: false }).budget).toBe(false);
  });

  it("takes an option set to undefined as its default, a budget's too", () => {
    const resolved = resolveRetryOptions({
      maxAttempts: undefined,
      jitter: undefined,
      budget: { ratio: undefined, maxTokens: 4 },
    });
    expect(resolved).toMatchObject({ maxAttempts: 4, jitter: "full" });
    expect(isRetryBudget(resolved.budget) && resolved.budget.snapshot().tokens).toBe(4);
    expect(isRetryBudget(resolveRetryOptions({ budget: undefined }).budget)).toBe(true);
  });

  it.each([
    [{ maxAttempts: 0 }, "retry.maxAttempts"],
    [{ maxAttempts: 2.5 }, "retry.maxAttempts"],
    [{ initialDelayMs: -1 }, "retry.initialDelayMs"],
    [{ jitter: "lots" as "full" }, "retry.jitter"],
    [{ budget: { ratio: -1 } }, "retry.budget.ratio"],
    [{ budget: null as unknown as false }, "retry.budget must be"],
  ])("rejects %o with a message naming the option", (options, message) => {
    expect(() => resolveRetryOptions(options)).toThrow(message);
  });
});
