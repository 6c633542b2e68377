import { checkOptions, OBJECT, type Rule } from "../core/optionChecks.js";
import { invalidOption } from "../errors/invalidOption.js";

// "metrics() must be given an object, got 5".
const GIVEN_AN_OBJECT: Rule = { what: "given an object", test: OBJECT.test };

/**
 * A module's options as given to its factory (`metrics({ … })`), checked against `rules` (one per
 * option): refused at the call site, in the same words as `createLens`'s own options
 * ("metrics().windowMs must be …"), rather than on the first call.
 */
export function moduleOptions<T extends object>(
  module: string,
  options: T | undefined,
  rules: Readonly<Record<keyof T & string, Rule>>,
): Partial<T> {
  if (options === undefined) return {};
  try {
    checkOptions(options, `${module}()`, rules, GIVEN_AN_OBJECT);
  } catch (error) {
    throw invalidOption("Convex Lens", error);
  }
  return options;
}
