import { describe, expect, it } from "vitest";
import type { BreakerTransition } from "../core/breakerSnapshot.js";
import {
  type BreakerOptions,
  type BreakerPermit,
  CircuitBreaker,
  defaultBreakerOptions,
  resolveBreakerOptions,
} from "./breaker.js";
import { FakeClock } from "./test-support/fakeClock.js";

function setup(options?: Partial<BreakerOptions>) {
  const clock = new FakeClock(1_000_000);
  const breaker = new CircuitBreaker("messages:send", options, clock);
  const transitions: BreakerTransition[] = [];
  breaker.onStateChange((t) => transitions.push(t));
  return { clock, breaker, transitions };
}

function call(breaker: CircuitBreaker, ok: boolean, durationMs = 10): void {
  const permit = breaker.admit();
  if (permit === null) throw new Error("expected the breaker to admit the call");
  if (ok) breaker.success(permit, durationMs);
  else breaker.failure(permit, durationMs);
}

function trip(breaker: CircuitBreaker): void {
  for (let i = 0; i < 10; i++) call(breaker, false);
  expect(breaker.state).toBe("open");
}

describe("CircuitBreaker", () => {
  it("stays closed below minimumCalls even when every call fails", () => {
    const { breaker } = setup();
    for (let i = 0; i < 9; i++) call(breaker, false);
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot()).toMatchObject({ calls: 9, failures: 9 });
  });

  it("opens on the failure rate once minimumCalls are seen, and fails calls fast", () => {
    const { breaker, transitions, clock } = setup();
    for (let i = 0; i < 5; i++) call(breaker, true);
    for (let i = 0; i < 4; i++) call(breaker, false);
    expect(breaker.state).toBe("closed");
    call(breaker, false); // 5 of 10 failed: 50% reaches the threshold
    expect(breaker.state).toBe("open");
    expect(breaker.admit()).toBeNull();
    expect(transitions).toEqual([
      {
        scope: "messages:send",
        from: "closed",
        to: "open",
        reason: "failure-rate",
        at: clock.now(),
      },
    ]);
    expect(breaker.snapshot()).toMatchObject({
      state: "open",
      openedAt: clock.now(),
      nextProbeAt: clock.now() + 10_000,
      failures: 5,
      calls: 10,
    });
  });

  it("does not open while the failure rate stays below the threshold", () => {
    const { breaker } = setup();
    for (let i = 0; i < 100; i++) call(breaker, i % 3 !== 0); // one call in three fails
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot().failures).toBe(34);
  });

  it("forgets failures that slid out of the window", () => {
    const { breaker, clock } = setup({ windowMs: 10_000 });
    for (let i = 0; i < 9; i++) call(breaker, false);
    clock.advance(20_000);
    call(breaker, false);
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot()).toMatchObject({ calls: 1, failures: 1 });
  });

  it("states the window its counts cover, its own or the default", () => {
    expect(setup({ windowMs: 10_000 }).breaker.snapshot().windowMs).toBe(10_000);
    expect(setup().breaker.snapshot().windowMs).toBe(30_000);
  });

  it("is idle only when forgetting it would change no decision", () => {
    const { breaker, clock } = setup({ consecutiveFailures: 3 });
    expect(breaker.idle).toBe(true);
    call(breaker, false);
    expect(breaker.idle).toBe(false);
    clock.advance(60_000);
    // The window forgot the failure, but the rule still counts it toward three in a row.
    expect(breaker.idle).toBe(false);
    call(breaker, true);
    clock.advance(60_000);
    expect(breaker.idle).toBe(true);
    breaker.isolate();
    expect(breaker.idle).toBe(false);
    const { breaker: noRun, clock: later } = setup();
    call(noRun, false);
    later.advance(60_000);
    expect(noRun.idle).toBe(true);
  });

  it("opens after consecutiveFailures in a row, before minimumCalls", () => {
    const { breaker, transitions } = setup({ consecutiveFailures: 3 });
    call(breaker, false);
    call(breaker, false);
    call(breaker, true); // a success breaks the run
    call(breaker, false);
    call(breaker, false);
    expect(breaker.state).toBe("closed");
    call(breaker, false);
    expect(breaker.state).toBe("open");
    expect(transitions.at(-1)?.reason).toBe("consecutive-failures");
  });

  it("counts a slow success as a failure when slowCallMs is set", () => {
    const { breaker, transitions } = setup({ slowCallMs: 1_000 });
    for (let i = 0; i < 10; i++) call(breaker, true, 1_500);
    expect(breaker.state).toBe("open");
    expect(transitions.at(-1)?.reason).toBe("failure-rate");
    expect(breaker.snapshot()).toMatchObject({ slowCalls: 10, failures: 10 });
  });

  it("opens on the slow-call rate, separately from failures, when slowCallRateThreshold is set", () => {
    const { breaker, transitions } = setup({ slowCallMs: 1_000, slowCallRateThreshold: 0.8 });
    for (let i = 0; i < 7; i++) call(breaker, true, 2_000);
    for (let i = 0; i < 2; i++) call(breaker, true, 10);
    expect(breaker.state).toBe("closed");
    expect(breaker.snapshot()).toMatchObject({ slowCalls: 7, failures: 0 });
    call(breaker, true, 2_000); // 8 of 10 slow
    expect(breaker.state).toBe("open");
    expect(transitions.at(-1)?.reason).toBe("slow-call-rate");
  });

  it("half-opens lazily once openMs has passed, without any timer", () => {
    const { breaker, clock, transitions } = setup();
    trip(breaker);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(9_999);
    expect(breaker.state).toBe("open");
    clock.advance(1);
    expect(breaker.state).toBe("half-open");
    expect(transitions.at(-1)).toMatchObject({
      from: "open",
      to: "half-open",
      reason: "open-elapsed",
    });
  });

  it("admits exactly halfOpenMaxCalls probes at once and closes when all of them succeed", () => {
    const { breaker, clock, transitions } = setup({ halfOpenMaxCalls: 2 });
    trip(breaker);
    clock.advance(10_000);
    const a = breaker.admit();
    const b = breaker.admit();
    expect(a?.probe).toBe(true);
    expect(b?.probe).toBe(true);
    expect(breaker.admit()).toBeNull();
    expect(breaker.snapshot().halfOpenInFlight).toBe(2);
    breaker.success(a as BreakerPermit, 10);
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()).toBeNull(); // one success recorded, one probe in flight: no room
    breaker.success(b as BreakerPermit, 10);
    expect(breaker.state).toBe("closed");
    expect(transitions.at(-1)).toMatchObject({ from: "half-open", to: "closed" });
    expect(breaker.snapshot()).toMatchObject({ calls: 0, failures: 0 });
  });

  it("re-opens with a new openedAt when a probe fails", () => {
    const { breaker, clock, transitions } = setup();
    trip(breaker);
    const firstOpenedAt = breaker.snapshot().openedAt;
    clock.advance(10_000);
    const probe = breaker.admit() as BreakerPermit;
    clock.advance(50);
    breaker.failure(probe, 50);
    expect(breaker.state).toBe("open");
    expect(transitions.at(-1)).toMatchObject({
      from: "half-open",
      to: "open",
      reason: "probe-failed",
    });
    const snapshot = breaker.snapshot();
    expect(snapshot.openedAt).toBe(clock.now());
    expect(snapshot.openedAt).not.toBe(firstOpenedAt);
    expect(snapshot.nextProbeAt).toBe(clock.now() + 10_000);
  });

  it("re-opens when a probe succeeds but slowly", () => {
    const { breaker, clock, transitions } = setup({ slowCallMs: 500 });
    trip(breaker);
    clock.advance(10_000);
    breaker.success(breaker.admit() as BreakerPermit, 800);
    expect(breaker.state).toBe("open");
    expect(transitions.at(-1)?.reason).toBe("probe-slow");
  });

  it("frees a half-open slot when a probe is released without a verdict", () => {
    const { breaker, clock } = setup();
    trip(breaker);
    clock.advance(10_000);
    const probe = breaker.admit() as BreakerPermit;
    expect(breaker.admit()).toBeNull();
    breaker.release(probe);
    expect(breaker.state).toBe("half-open");
    const next = breaker.admit();
    expect(next?.probe).toBe(true);
    breaker.success(next as BreakerPermit, 5);
    expect(breaker.state).toBe("closed");
  });

  it("ignores a permit settled twice, so it cannot free a second half-open slot", () => {
    const { breaker, clock } = setup({ halfOpenMaxCalls: 2 });
    trip(breaker);
    clock.advance(10_000);
    const a = breaker.admit() as BreakerPermit;
    breaker.admit(); // a second probe, left in flight
    breaker.release(a);
    breaker.release(a);
    breaker.success(a, 1);
    breaker.failure(a, 1);
    expect(breaker.state).toBe("half-open");
    expect(breaker.snapshot().halfOpenInFlight).toBe(1);
    expect(breaker.admit()?.probe).toBe(true);
    expect(breaker.admit()).toBeNull();
  });

  it("ignores a closed-state permit settled twice", () => {
    const { breaker } = setup();
    const permit = breaker.admit() as BreakerPermit;
    breaker.failure(permit, 1);
    breaker.failure(permit, 1);
    expect(breaker.snapshot()).toMatchObject({ calls: 1, failures: 1 });
  });

  it("ignores late results of calls admitted before it opened (opossum #385)", () => {
    const { breaker, clock, transitions } = setup();
    const late = Array.from({ length: 5 }, () => breaker.admit() as BreakerPermit);
    trip(breaker);
    const openedAt = breaker.snapshot().openedAt;
    clock.advance(5_000);
    for (const permit of late) breaker.failure(permit, 5_000);
    // Neither re-opened (which would push the probe time out) nor otherwise changed.
    expect(transitions).toHaveLength(1);
    expect(breaker.snapshot().openedAt).toBe(openedAt);
    clock.advance(5_000);
    expect(breaker.state).toBe("half-open");
  });

  it("is not closed by the late success of a call admitted before it opened", () => {
    const { breaker, clock } = setup();
    const late = breaker.admit() as BreakerPermit;
    trip(breaker);
    clock.advance(10_000);
    expect(breaker.state).toBe("half-open");
    breaker.success(late, 10);
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()?.probe).toBe(true);
  });

  it("keeps a stale probe's slot until it settles, so the backend never sees extra probes", () => {
    const { breaker, clock } = setup({ halfOpenMaxCalls: 2 });
    trip(breaker);
    clock.advance(10_000);
    const stale = breaker.admit() as BreakerPermit;
    breaker.failure(breaker.admit() as BreakerPermit, 10); // re-opens; `stale` still running
    clock.advance(10_000);
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()?.probe).toBe(true);
    expect(breaker.admit()).toBeNull(); // one new probe + the stale one = 2
    breaker.success(stale, 10); // counts nothing, but frees the slot
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()?.probe).toBe(true);
  });

  it("stays open after isolate() until reset(), whatever the time", () => {
    const { breaker, clock, transitions } = setup();
    breaker.isolate();
    expect(breaker.state).toBe("open");
    expect(breaker.admit()).toBeNull();
    clock.advance(1_000_000);
    expect(breaker.state).toBe("open");
    expect(breaker.snapshot()).toMatchObject({ isolated: true, state: "open" });
    expect(breaker.snapshot().nextProbeAt).toBeUndefined();
    breaker.reset();
    expect(breaker.state).toBe("closed");
    expect(breaker.isolated).toBe(false);
    expect(breaker.admit()).not.toBeNull();
    expect(transitions.map((t) => `${t.from}->${t.to}:${t.reason}`)).toEqual([
      "closed->open:isolated",
      "open->closed:reset",
    ]);
  });

  it("reports isolating an already open breaker, and does not half-open it later", () => {
    const { breaker, clock, transitions } = setup();
    trip(breaker);
    breaker.isolate();
    breaker.isolate(); // idempotent
    expect(transitions.map((t) => t.reason)).toEqual(["failure-rate", "isolated"]);
    clock.advance(60_000);
    expect(breaker.state).toBe("open");
  });

  it("reset() clears counts and closes an open breaker", () => {
    const { breaker } = setup();
    for (let i = 0; i < 5; i++) call(breaker, false);
    breaker.reset();
    expect(breaker.snapshot()).toMatchObject({ state: "closed", calls: 0, failures: 0 });
    trip(breaker);
    breaker.reset();
    expect(breaker.state).toBe("closed");
  });

  it("keeps working when a state-change listener throws, and counts the failure", () => {
    const { breaker, clock } = setup();
    const seen: string[] = [];
    breaker.onStateChange(() => {
      throw new Error("listener bug");
    });
    breaker.onStateChange((t) => seen.push(t.to));
    trip(breaker);
    clock.advance(10_000);
    call(breaker, true);
    expect(breaker.state).toBe("closed");
    expect(seen).toEqual(["open", "half-open", "closed"]);
    expect(breaker.listenerErrors).toBe(3);
  });

  it("stops notifying a listener after it unsubscribes", () => {
    const { breaker } = setup();
    const seen: string[] = [];
    const unsubscribe = breaker.onStateChange((t) => seen.push(t.to));
    unsubscribe();
    trip(breaker);
    expect(seen).toEqual([]);
  });

  it("lets a listener call back into the breaker, and delivers transitions in order", () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker("x", undefined, clock);
    breaker.onStateChange((t) => {
      if (t.to === "open") breaker.reset();
    });
    const seen: string[] = [];
    breaker.onStateChange((t) => seen.push(`${t.from}->${t.to}`));
    for (let i = 0; i < 10; i++) call(breaker, false);
    expect(breaker.state).toBe("closed");
    expect(breaker.admit()).not.toBeNull();
    expect(seen).toEqual(["closed->open", "open->closed"]);
  });

  it("survives a listener that flips the breaker forever, within a bounded queue", () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker("x", undefined, clock);
    breaker.onStateChange((t) => {
      if (t.to === "open") breaker.reset();
      else breaker.isolate();
    });
    breaker.isolate();
    expect(breaker.listenerErrors).toBeGreaterThan(0);
    breaker.reset();
  });

  it("uses the README defaults", () => {
    expect(defaultBreakerOptions).toEqual({
      failureRateThreshold: 0.5,
      windowMs: 30_000,
      minimumCalls: 10,
      openMs: 10_000,
      halfOpenMaxCalls: 1,
    });
    expect(new CircuitBreaker("x").options).toEqual(defaultBreakerOptions);
  });

  it("treats explicit undefined options as the defaults", () => {
    expect(resolveBreakerOptions({ openMs: undefined }).openMs).toBe(10_000);
  });

  it.each([
    [{ failureRateThreshold: 0 }, "breaker.failureRateThreshold"],
    [{ failureRateThreshold: 1.5 }, "breaker.failureRateThreshold"],
    [{ windowMs: -1 }, "breaker.windowMs"],
    [{ minimumCalls: 0.5 }, "breaker.minimumCalls"],
    [{ consecutiveFailures: 0 }, "breaker.consecutiveFailures"],
    [{ slowCallMs: Number.NaN }, "breaker.slowCallMs"],
    [{ slowCallRateThreshold: 0.5 }, "breaker.slowCallRateThreshold needs breaker.slowCallMs"],
    [{ openMs: Number.POSITIVE_INFINITY }, "breaker.openMs"],
    [{ halfOpenMaxCalls: 0 }, "breaker.halfOpenMaxCalls"],
    [{ halfOpenMaxCalls: "2" as unknown as number }, 'got "2"'],
  ])("rejects the invalid option %o with a message naming it", (options, message) => {
    expect(() => new CircuitBreaker("x", options)).toThrow(RangeError);
    expect(() => new CircuitBreaker("x", options)).toThrow(message);
  });

  it("names the option with the caller's label", () => {
    expect(() => resolveBreakerOptions({ openMs: -5 }, 'functions["admin/*"].breaker')).toThrow(
      'functions["admin/*"].breaker.openMs',
    );
  });
});
