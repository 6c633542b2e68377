import { ErrorCode } from "./errorCode.js";

// The app codes that mean a taxonomy code. Only codes an app can sensibly throw on purpose are
// here: a ConvexError saying "TIMEOUT" is still the app's own decision, so it stays APPLICATION.
// Keys are normalised (see normaliseAppCode).
const APP_CODE_ALIASES: Readonly<Record<string, ErrorCode>> = {
  NOT_FOUND: ErrorCode.NOT_FOUND,
  DOES_NOT_EXIST: ErrorCode.NOT_FOUND,
  FORBIDDEN: ErrorCode.FORBIDDEN,
  PERMISSION_DENIED: ErrorCode.FORBIDDEN,
  ACCESS_DENIED: ErrorCode.FORBIDDEN,
  NOT_ALLOWED: ErrorCode.FORBIDDEN,
  UNAUTHENTICATED: ErrorCode.UNAUTHENTICATED,
  // HTTP's 401 is named "Unauthorized" but means unauthenticated; apps copy the name.
  UNAUTHORIZED: ErrorCode.UNAUTHENTICATED,
  NOT_AUTHENTICATED: ErrorCode.UNAUTHENTICATED,
  AUTH_REQUIRED: ErrorCode.UNAUTHENTICATED,
  VALIDATION: ErrorCode.VALIDATION,
  VALIDATION_ERROR: ErrorCode.VALIDATION,
  VALIDATION_FAILED: ErrorCode.VALIDATION,
  INVALID: ErrorCode.VALIDATION,
  INVALID_ARGUMENT: ErrorCode.VALIDATION,
  INVALID_ARGUMENTS: ErrorCode.VALIDATION,
  INVALID_INPUT: ErrorCode.VALIDATION,
  BAD_REQUEST: ErrorCode.VALIDATION,
  RATE_LIMITED: ErrorCode.RATE_LIMITED,
  RATE_LIMIT: ErrorCode.RATE_LIMITED,
  RATE_LIMIT_EXCEEDED: ErrorCode.RATE_LIMITED,
  TOO_MANY_REQUESTS: ErrorCode.RATE_LIMITED,
  CONFLICT: ErrorCode.CONFLICT,
  ALREADY_EXISTS: ErrorCode.CONFLICT,
  DUPLICATE: ErrorCode.CONFLICT,
  PAYLOAD_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
};

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
  return APP_CODE_ALIASES[normaliseAppCode(appCode)] ?? ErrorCode.APPLICATION;
}
