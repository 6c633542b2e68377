import { MAX_TIMER_DELAY_MS } from "./clock.js";
import { describeValue } from "./describeValue.js";

// One small validator for every option of the SDK (createLens, per-function policies, breaker,
// retry and bulkhead options, call options, modules, setupTracing). An error names the option by
// its path and says what it must be, composed from short parts rather than a sentence per option:
// "retry.maxAttempts must be an integer in [1, 100], got 0". Each entry point wraps it into its
// CONFIGURATION error.

/** What an option must be: the words for an error ("an integer in [1, 100]"), and the test. */
export interface Rule {
  readonly what: string;
  readonly test: (value: unknown) => boolean;
}

/** The error for a refused option: `path` (where it was given) and `why` make the message. */
export function optionError(path: string, why: string): RangeError {
  return new RangeError(`${path} ${why}`);
}

/** Throws an {@link optionError} unless `rule` accepts `value`. */
export function check(value: unknown, path: string, rule: Rule): void {
  if (!rule.test(value))
    throw optionError(path, `must be ${rule.what}, got ${describeValue(value)}`);
}

/** Checks each field of `value` that `rules` names, in the rules' order, under `path` (if any). */
export function checkFields(
  value: object,
  rules: Readonly<Record<string, Rule>>,
  path: string,
): void {
  for (const key in rules) {
    const field = (value as Record<string, unknown>)[key];
    check(field, path ? `${path}.${key}` : key, rules[key] as Rule);
  }
}

/**
 * A number from `min` to `max` (an integer when `integer`); `min` itself is refused when `above`.
 * NaN and infinities are refused.
 */
export function numberRule(min: number, max: number, integer = false, above = false): Rule {
  const range =
    max === Number.POSITIVE_INFINITY
      ? `${above ? ">" : ">="} ${min}`
      : `in ${above ? "(" : "["}${min}, ${max}]`;
  return {
    what: `${integer ? "an integer" : "a number"} ${range}`,
    test: (v) =>
      typeof v === "number" &&
      (integer ? Number.isInteger(v) : Number.isFinite(v)) &&
      (above ? v > min : v >= min) &&
      v <= max,
  };
}

/** `rule`, or exactly `value` too (null for "off", Infinity for "no cap"). */
export function orValue(rule: Rule, value: unknown): Rule {
  return { what: `${rule.what} or ${String(value)}`, test: (v) => v === value || rule.test(v) };
}

/**
 * `options` over `defaults`, leaving out every key `options` sets to undefined: one step for
 * OpenTelemetry's "undefined means the default" (for a per-function option, the lens's value).
 */
export function withDefaults<T extends object>(
  defaults: Readonly<T>,
  options: Readonly<Partial<T>> | undefined,
): T {
  const merged = { ...defaults } as T;
  for (const key in options) {
    if (options[key] !== undefined) merged[key] = options[key] as T[typeof key];
  }
  return merged;
}

/** `rule`, or undefined: the default. */
export function optional(rule: Rule): Rule {
  return { what: rule.what, test: (v) => v === undefined || rule.test(v) };
}

/** One of `values`, written as JSON in the error. */
export function oneOf(values: readonly unknown[]): Rule {
  return {
    what: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    test: (v) => values.includes(v),
  };
}

/** A value of JavaScript type `type` ("boolean", "function", "string"…). */
export function typeRule(type: string, what = `a ${type}`): Rule {
  return { what, test: (v) => typeof v === type };
}

/** Anything: a known option this check leaves to its consumer. */
export const ANY: Rule = { what: "", test: () => true };
/** A plain object (not null, not an array). */
export const OBJECT: Rule = {
  what: "an object",
  test: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};
/** false, or an object (options, or an object they may hold): an override that can turn off. */
export const FALSE_OR_OBJECT: Rule = {
  what: "false or an object",
  test: (v) => v === false || (typeof v === "object" && v !== null),
};
/** true or false. */
export const BOOLEAN = /* @__PURE__ */ typeRule("boolean");
/** A fraction in (0, 1]: a rate that can trip a policy. */
export const FRACTION = /* @__PURE__ */ numberRule(0, 1, false, true);
/** A count from 1 to 1,000,000, a bound no count needs to pass. */
export const COUNT = /* @__PURE__ */ numberRule(1, 1_000_000, true);

/** A delay in ms that platform timers honour. */
export const DELAY = /* @__PURE__ */ numberRule(0, MAX_TIMER_DELAY_MS);
/** A per-attempt timeout in ms, or null for none. */
export const TIMEOUT = /* @__PURE__ */ orValue(
  numberRule(0, MAX_TIMER_DELAY_MS, false, true),
  null,
);

/**
 * Checks a group of options at `path` ("" for the top level): an object (or what `shape` says)
 * whose every key has a rule in `rules`, and whose fields meet them.
 */
export function checkOptions(
  value: unknown,
  path: string,
  rules: Readonly<Record<string, Rule>>,
  shape: Rule = OBJECT,
): void {
  check(value, path || "options", shape);
  checkKeys(value as object, Object.keys(rules), path && `${path}.`);
  checkFields(value as object, rules, path);
}

/**
 * Throws an {@link optionError} naming the first key of `value` that is not in `known`, and the
 * keys that are ("retry.maxAttemps is not an option; expected one of …").
 */
export function checkKeys(value: object, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw optionError(`${prefix}${key}`, `is not an option; expected one of ${known.join(", ")}`);
    }
  }
}
