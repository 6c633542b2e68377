import { describe, expect, it } from "vitest";
import {
  ANY,
  BOOLEAN,
  check,
  checkOptions,
  numberRule,
  oneOf,
  optional,
  orValue,
  TIMEOUT,
  withDefaults,
} from "./optionChecks.js";

describe("option rules", () => {
  it("say what a number must be, with its bounds and whether they are included", () => {
    expect(numberRule(1, 100, true).what).toBe("an integer in [1, 100]");
    expect(numberRule(0, 1, false, true).what).toBe("a number in (0, 1]");
    expect(numberRule(1, Number.POSITIVE_INFINITY).what).toBe("a number >= 1");
    expect(TIMEOUT.what).toBe("a number in (0, 2147483647] or null");
  });

  it("refuse NaN, infinities, fractions where integers are asked, and the excluded bound", () => {
    const integer = numberRule(1, 10, true);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1.5, 0, 11, "2"]) {
      expect(integer.test(value)).toBe(false);
    }
    expect(integer.test(10)).toBe(true);
    expect(numberRule(0, 1, false, true).test(0)).toBe(false);
    expect(numberRule(1, Number.POSITIVE_INFINITY).test(Number.POSITIVE_INFINITY)).toBe(false);
    expect(orValue(integer, Number.POSITIVE_INFINITY).test(Number.POSITIVE_INFINITY)).toBe(true);
  });

  it("throw a RangeError naming the option, the rule and the value given", () => {
    expect(() => check(0, "retry.maxAttempts", numberRule(1, 100, true))).toThrow(
      new RangeError("retry.maxAttempts must be an integer in [1, 100], got 0"),
    );
    expect(() => check("lots", "retry.jitter", oneOf(["full", "none"]))).toThrow(
      'retry.jitter must be one of "full", "none", got "lots"',
    );
    expect(() => check(undefined, "a", optional(BOOLEAN))).not.toThrow();
  });
});

describe("checkOptions", () => {
  const rules = { enabled: optional(BOOLEAN), size: optional(numberRule(1, 10, true)), x: ANY };

  it("accepts a group whose keys are known and whose fields meet their rules", () => {
    expect(() => checkOptions({ enabled: true, size: 3, x: {} }, "devtools", rules)).not.toThrow();
  });

  it("names an unknown key with the keys that exist, a bad field, and a value that is no object", () => {
    expect(() => checkOptions({ sise: 3 }, "devtools", rules)).toThrow(
      "devtools.sise is not an option; expected one of enabled, size, x",
    );
    expect(() => checkOptions({ size: 0 }, "devtools", rules)).toThrow(
      "devtools.size must be an integer in [1, 10], got 0",
    );
    expect(() => checkOptions([], "devtools", rules)).toThrow(
      "devtools must be an object, got an array",
    );
    expect(() => checkOptions(null, "", rules)).toThrow("options must be an object, got null");
    expect(() => checkOptions({ size: 0 }, "", rules)).toThrow(/^size must be/);
  });
});

describe("withDefaults", () => {
  const defaults: Readonly<{ maxAttempts: number; jitter: string }> = {
    maxAttempts: 4,
    jitter: "full",
  };

  it("keeps the default of an option set to undefined, and takes every other value given", () => {
    expect(withDefaults(defaults, { maxAttempts: undefined, jitter: "none" })).toEqual({
      maxAttempts: 4,
      jitter: "none",
    });
    expect(withDefaults(defaults, undefined)).toEqual(defaults);
  });

  it("takes null and false as values, not as the default: they turn things off", () => {
    const off = { timeoutMs: 1_000 as number | null, budget: {} as object | false };
    expect(withDefaults(off, { timeoutMs: null, budget: false })).toEqual({
      timeoutMs: null,
      budget: false,
    });
  });
});
