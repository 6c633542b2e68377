import { describe, expect, it } from "vitest";
import { type BackoffOptions, nextDelay, validateBackoffOptions } from "./backoff.js";

const base: BackoffOptions = {
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  multiplier: 2,
  jitter: "none",
};

describe("nextDelay", () => {
  it("doubles from the initial delay and stops at the cap without jitter", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextDelay(n, 0, base));
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("stays at the cap on very long retry runs instead of overflowing", () => {
    expect(nextDelay(5_000, 0, base)).toBe(8_000);
    expect(nextDelay(5_000, 0, { ...base, initialDelayMs: 0 })).toBe(0);
    expect(nextDelay(5_000, 0, { ...base, jitter: "full" }, () => 0.5)).toBe(4_000);
  });

  it("spreads full jitter over [0, cap)", () => {
    const full = { ...base, jitter: "full" as const };
    expect(nextDelay(3, 0, full, () => 0)).toBe(0);
    expect(nextDelay(3, 0, full, () => 0.5)).toBe(500);
    expect(nextDelay(3, 0, full, () => 0.999)).toBeCloseTo(999, 5);
  });

  it("keeps equal jitter in the upper half of the cap", () => {
    const equal = { ...base, jitter: "equal" as const };
    expect(nextDelay(3, 0, equal, () => 0)).toBe(500);
    expect(nextDelay(3, 0, equal, () => 0.5)).toBe(750);
  });

  it("grows decorrelated jitter from the previous delay, between the initial delay and 3x it", () => {
    const decorrelated = { ...base, jitter: "decorrelated" as const };
    expect(nextDelay(1, 0, decorrelated, () => 0)).toBe(250);
    expect(nextDelay(1, 0, decorrelated, () => 0.5)).toBe(250 + 0.5 * (750 - 250));
    expect(nextDelay(2, 1_000, decorrelated, () => 0)).toBe(250);
    expect(nextDelay(2, 1_000, decorrelated, () => 0.5)).toBe(250 + 0.5 * (3_000 - 250));
    expect(nextDelay(9, 7_000, decorrelated, () => 0.99)).toBe(8_000);
  });

  it("spreads the first decorrelated delay of many clients instead of giving them all the same one", () => {
    const decorrelated = { ...base, jitter: "decorrelated" as const };
    const firsts = new Set(Array.from({ length: 50 }, () => nextDelay(1, 0, decorrelated)));
    expect(firsts.size).toBeGreaterThan(40);
    for (const delay of firsts) {
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThan(750);
    }
  });

  it("uses Math.random when no source of randomness is given", () => {
    const delay = nextDelay(2, 0, { ...base, jitter: "full" });
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(500);
  });
});

describe("validateBackoffOptions", () => {
  it("accepts the defaults", () => {
    expect(() => validateBackoffOptions(base)).not.toThrow();
  });

  it.each([
    [{ initialDelayMs: -1 }, "retry.initialDelayMs"],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, "retry.maxDelayMs"],
    [{ maxDelayMs: 100 }, "retry.maxDelayMs (100) must be >= retry.initialDelayMs (250)"],
    [{ multiplier: 0.5 }, "retry.multiplier"],
    [
      { jitter: "random" },
      'retry.jitter must be one of "full", "decorrelated", "equal", "none", got "random"',
    ],
  ])("rejects %o with a message naming the option", (patch, message) => {
    expect(() => validateBackoffOptions({ ...base, ...patch } as BackoffOptions)).toThrow(message);
  });
});
