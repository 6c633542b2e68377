import { describe, expect, it } from "vitest";
import { SlidingWindow } from "./slidingWindow.js";
import {
  CALLS,
  consecutiveFailures,
  FAILURES,
  failureRate,
  SLOW,
  slowCallRate,
  tripRulesFor,
} from "./tripRules.js";

/** A window holding `calls` calls, of which `failures` failed and `slow` were slow. */
function windowOf(calls: number, failures: number, slow = 0): SlidingWindow {
  const window = new SlidingWindow(10_000, 3);
  window.advance(0);
  window.add(CALLS, calls);
  window.add(FAILURES, failures);
  window.add(SLOW, slow);
  return window;
}

describe("trip rules", () => {
  it("opens after the given number of failures in a row, whatever the window says", () => {
    const rule = consecutiveFailures(3);
    expect(rule(windowOf(100, 3), 2)).toBeNull();
    expect(rule(windowOf(100, 3), 3)).toBe("consecutive-failures");
  });

  it("judges the failure rate only once the window holds enough calls", () => {
    const rule = failureRate(0.5, 10);
    expect(rule(windowOf(9, 9), 0)).toBeNull();
    expect(rule(windowOf(10, 4), 0)).toBeNull();
    expect(rule(windowOf(10, 5), 0)).toBe("failure-rate");
  });

  it("opens on a rate of slow calls, even when they all succeed", () => {
    const rule = slowCallRate(0.8, 5);
    expect(rule(windowOf(5, 0, 3), 0)).toBeNull();
    expect(rule(windowOf(5, 0, 4), 0)).toBe("slow-call-rate");
  });

  it("checks consecutive failures first, then the failure rate, then slow calls", () => {
    const rules = tripRulesFor({
      failureRateThreshold: 0.5,
      minimumCalls: 2,
      consecutiveFailures: 2,
      slowCallRateThreshold: 0.5,
    });
    const first = (window: SlidingWindow, consecutive: number) =>
      rules.map((rule) => rule(window, consecutive)).find((reason) => reason !== null) ?? null;
    expect(first(windowOf(2, 2, 2), 2)).toBe("consecutive-failures");
    expect(first(windowOf(2, 2, 2), 1)).toBe("failure-rate");
    expect(first(windowOf(2, 0, 2), 0)).toBe("slow-call-rate");
    expect(tripRulesFor({ failureRateThreshold: 0.5, minimumCalls: 2 })).toHaveLength(1);
  });
});
