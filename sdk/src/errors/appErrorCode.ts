import { ErrorCode } from "./errorCode.js";

// The app codes that mean a taxonomy code, by the code each means. Only codes an app can sensibly
// throw on purpose are here: a ConvexError saying "TIMEOUT" is still the app's own decision, so it
// stays APPLICATION. Keys are normalised (see normaliseAppCode). HTTP's 401 is named
// "Unauthorized" but means unauthenticated; apps copy the name.
const ALIASES_BY_CODE: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: "NOT_FOUND DOES_NOT_EXIST",
  FORBIDDEN: "FORBIDDEN PERMISSION_DENIED ACCESS_DENIED NOT_ALLOWED",
  UNAUTHENTICATED: "UNAUTHENTICATED UNAUTHORIZED NOT_AUTHENTICATED AUTH_REQUIRED",
  VALIDATION:
    "VALIDATION VALIDATION_ERROR VALIDATION_FAILED INVALID INVALID_ARGUMENT INVALID_ARGUMENTS INVALID_INPUT BAD_REQUEST",
  RATE_LIMITED: "RATE_LIMITED RATE_LIMIT RATE_LIMIT_EXCEEDED TOO_MANY_REQUESTS",
  CONFLICT: "CONFLICT ALREADY_EXISTS DUPLICATE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE TOO_LARGE",
};

const APP_CODE_ALIASES = new Map<string, ErrorCode>();
for (const [code, aliases] of Object.entries(ALIASES_BY_CODE)) {
  for (const alias of aliases.split(" ")) APP_CODE_ALIASES.set(alias, code as ErrorCode);
}

/**
 * Puts an app code into one spelling: `notFound`, `NotFound`, `not-found` and `NOT_FOUND` all
 * become `NOT_FOUND`, so matching is case- and style-insensitive.
 */
export function normaliseAppCode(appCode: string): string {
  return appCode
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/** The taxonomy code an app's ConvexError code stands for, or APPLICATION when it names none. */
export function codeFromAppCode(appCode: string | undefined): ErrorCode {
  if (appCode === undefined || appCode.length > 100) return ErrorCode.APPLICATION;
  return APP_CODE_ALIASES.get(normaliseAppCode(appCode)) ?? ErrorCode.APPLICATION;
}
