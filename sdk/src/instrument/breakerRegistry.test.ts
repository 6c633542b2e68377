import { describe, expect, it } from "vitest";
import type { BreakerTransition } from "../core/breakerSnapshot.js";
import {
  type BreakerOptions,
  type CircuitBreaker,
  defaultBreakerOptions,
} from "../resilience/breaker.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { Diagnostics } from "../telemetry/diagnostics.js";
import { BreakerRegistry, MAX_BREAKERS } from "./breakerRegistry.js";

// Opens on the first failure, so one call is enough to trip a breaker.
const trips: BreakerOptions = { ...defaultBreakerOptions, minimumCalls: 1 };

function registry(): { breakers: BreakerRegistry; clock: FakeClock } {
  const clock = new FakeClock();
  return { breakers: new BreakerRegistry(trips, clock, new Diagnostics()), clock };
}

/** Creates breakers for `generated:0` … up to `count` scopes, as calls to that many functions would. */
function fill(breakers: BreakerRegistry, count: number, from = 0): CircuitBreaker[] {
  return Array.from({ length: count }, (_, i) => breakers.get(`generated:${from + i}`));
}

function fail(breaker: CircuitBreaker): void {
  breaker.failure(breaker.admit()!, 1);
}

function succeed(breaker: CircuitBreaker): void {
  breaker.success(breaker.admit()!, 1);
}

describe("BreakerRegistry", () => {
  it("gives every call of a scope the same breaker, and creates none on find", () => {
    const { breakers } = registry();
    expect(breakers.find("tasks:list")).toBeNull();
    const breaker = breakers.get("tasks:list");
    expect(breakers.get("tasks:list")).toBe(breaker);
    expect(breakers.find("tasks:list")).toBe(breaker);
    expect(breakers.snapshots()).toHaveLength(1);
  });

  it("keeps at most MAX_BREAKERS: a new scope past the cap makes room by forgetting the oldest idle one", () => {
    const { breakers } = registry();
    fill(breakers, MAX_BREAKERS);
    const fresh = breakers.get("tasks:new");
    expect(breakers.snapshots()).toHaveLength(MAX_BREAKERS);
    expect(breakers.find("generated:0")).toBeNull();
    expect(breakers.find("generated:1")).not.toBeNull();
    expect(breakers.find("tasks:new")).toBe(fresh);
  });

  it("never forgets an open, isolated or counting breaker to make room: the open one still refuses calls", () => {
    const { breakers } = registry();
    const [open, isolated, counting] = fill(breakers, 3);
    fail(open!);
    isolated!.isolate();
    succeed(counting!);
    fill(breakers, MAX_BREAKERS, 3);
    expect(breakers.snapshots()).toHaveLength(MAX_BREAKERS);
    expect(breakers.find("generated:0")).toBe(open);
    expect(breakers.find("generated:1")).toBe(isolated);
    expect(breakers.find("generated:2")).toBe(counting);
    expect(breakers.find("generated:3")).toBeNull();
    expect(breakers.get("generated:0").admit()).toBeNull();
  });

  it("never forgets a breaker with failures in a row its rule still counts, once its window slid past them", () => {
    const clock = new FakeClock();
    const options = { ...defaultBreakerOptions, consecutiveFailures: 3 };
    const breakers = new BreakerRegistry(options, clock, new Diagnostics());
    const [failing] = fill(breakers, 2);
    fail(failing!);
    fail(failing!);
    clock.advance(2 * options.windowMs);
    expect(failing!.snapshot()).toMatchObject({ state: "closed", calls: 0 });
    fill(breakers, MAX_BREAKERS - 1, 2);
    expect(breakers.find("generated:0")).toBe(failing);
    expect(breakers.find("generated:1")).toBeNull();
    // The third failure in a row opens it, as it would have with no other function called.
    fail(breakers.get("generated:0"));
    expect(breakers.find("generated:0")?.state).toBe("open");
  });

  it("forgets a breaker's failures in a row once its window slid past them, when no rule counts a run", () => {
    const clock = new FakeClock();
    const breakers = new BreakerRegistry(defaultBreakerOptions, clock, new Diagnostics());
    const [failed] = fill(breakers, 1);
    fail(failed!);
    clock.advance(2 * defaultBreakerOptions.windowMs);
    fill(breakers, MAX_BREAKERS, 1);
    expect(breakers.find("generated:0")).toBeNull();
  });

  it("grows past the cap rather than forget a breaker whose calls it is counting", () => {
    const { breakers } = registry();
    for (const breaker of fill(breakers, MAX_BREAKERS)) succeed(breaker);
    breakers.get("tasks:new");
    expect(breakers.snapshots()).toHaveLength(MAX_BREAKERS + 1);
    expect(breakers.find("generated:0")).not.toBeNull();
  });

  it("takes back a breaker it forgot while idle once a caller still holding it opens it", () => {
    const { breakers } = registry();
    const transitions: BreakerTransition[] = [];
    breakers.onTransition((transition) => transitions.push(transition));
    const held = breakers.get("tasks:list");
    fill(breakers, MAX_BREAKERS);
    expect(breakers.find("tasks:list")).toBeNull();
    fail(held);
    expect(breakers.find("tasks:list")).toBe(held);
    expect(breakers.snapshots()).toContainEqual(
      expect.objectContaining({ scope: "tasks:list", state: "open" }),
    );
    expect(breakers.snapshots()).toHaveLength(MAX_BREAKERS);
    expect(transitions).toMatchObject([{ scope: "tasks:list", to: "open" }]);
  });
});
