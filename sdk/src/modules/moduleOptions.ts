import { check, checkKeys, OBJECT } from "../core/optionChecks.js";
import { ConfigurationError } from "../errors/index.js";

/**
 * A module's options as given to its factory (`metrics({ … })`): refused at the call site, in the
 * same words as `createLens`'s own options, rather than on the first call.
 */
export function moduleOptions<T extends object>(
  module: string,
  options: T | undefined,
  known: readonly (keyof T & string)[],
): Partial<T> {
  if (options === undefined) return {};
  try {
    check(options, `${module}().options`, OBJECT);
    checkKeys(options, known, `${module}().`);
  } catch (error) {
    throw new ConfigurationError({
      message: `Invalid Convex Lens option: ${(error as Error).message}.`,
    });
  }
  return options;
}

/** The CONFIGURATION error for a bad option of `module` (its factory's name, e.g. "metrics"). */
export function moduleOptionError(module: string, option: string, why: string): ConfigurationError {
  return new ConfigurationError({
    message: `Invalid Convex Lens option: ${module}().${option} ${why}.`,
  });
}
