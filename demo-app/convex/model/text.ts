import { validationError } from "./errors.js";
import { limits } from "./limits.js";

/**
 * Trims user text and checks its length. `v.string()` accepts any string, so these rules,
 * which the app's forms mirror, live here and fail with VALIDATION.
 */
export function cleanText(
  field: string,
  value: string,
  rule: { max: number; required: boolean },
): string {
  const text = value.trim();
  if (rule.required && text.length === 0) {
    throw validationError(field, `The ${field} must not be empty.`);
  }
  if (text.length > rule.max) {
    throw validationError(field, `The ${field} must be at most ${rule.max} characters.`);
  }
  return text;
}

/** A board name or task title: required, at most `limits.titleLength` characters. */
export function cleanTitle(value: string, field = "title"): string {
  return cleanText(field, value, { max: limits.titleLength, required: true });
}
