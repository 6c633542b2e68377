import { describeValue } from "./describeValue.js";

// The checks policies share for their numeric options. Each throws a RangeError whose message names
// the option (`name`, prefixed by the caller with where it was given) and the value it got.

/** Throws unless `value` is a finite number in [min, max]. */
export function checkNumber(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be a number in [${min}, ${max}], got ${describeValue(value)}`,
    );
  }
}

/** Throws unless `value` is a fraction in (0, 1]: a rate that can trip a policy. */
export function checkFraction(value: unknown, name: string): void {
  if (typeof value !== "number" || !(value > 0 && value <= 1)) {
    throw new RangeError(`${name} must be a fraction in (0, 1], got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is an integer in [min, 1,000,000], a bound no count needs to pass. */
export function checkInteger(value: unknown, name: string, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 1_000_000) {
    throw new RangeError(
      `${name} must be an integer in [${min}, 1000000], got ${describeValue(value)}`,
    );
  }
}

/**
 * Why `value` is refused when one of its keys is not in `known` ("retry.maxAttemps is not an
 * option; expected one of …"), or undefined: each entry point wraps it in its own error.
 */
export function unknownKey(
  value: object,
  known: Iterable<string>,
  prefix: string,
): string | undefined {
  const names = [...known];
  for (const key of Object.keys(value)) {
    if (!names.includes(key)) {
      return `${prefix}${key} is not an option; expected one of ${names.join(", ")}`;
    }
  }
  return undefined;
}
