// Convex's semantics as the policies apply them (DESIGN.md, "Semantics that matter"): which failed
// attempts may be sent again, and how a circuit breaker counts one.
import type { FunctionKind } from "../core/callTarget.js";
import { ErrorCode } from "../errors/errorCode.js";
import { isLensConvexError } from "../errors/LensConvexError.js";
import type { LensError } from "../errors/LensError.js";

/** What one failed attempt says about the backend, as a circuit breaker counts it. */
export type BreakerVerdict = "failure" | "success" | "neutral";

// Failures that say the backend, or the path to it, is unwell right now (DESIGN.md, "Transient
// failures"): they pass, so they are what breakers are for.
const OUTAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.NETWORK,
  ErrorCode.TIMEOUT,
  ErrorCode.OVERLOADED,
  ErrorCode.RATE_LIMITED,
  ErrorCode.OUTCOME_UNKNOWN,
  ErrorCode.ACTION_CONNECTION_LOST,
]);

// A bug in a function: Convex retries its own internal errors, so what reaches the client as
// "Server Error" is the function's (Convex's "Error handling" docs), and limits are its too.
const DEVELOPER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.SERVER_ERROR,
  ErrorCode.LIMIT_EXCEEDED,
]);

// No verdict on the backend at all: the caller gave up, or nothing was sent.
const NEUTRAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([ErrorCode.ABORTED, ErrorCode.OFFLINE]);

/**
 * Whether a failure is a developer error: a function's bug or a limit it hit. It is never
 * retried (the same call fails the same way) and, by default, no breaker counts it.
 */
export function isDeveloperError(error: LensError): boolean {
  return DEVELOPER.has(error.code) && !isLensConvexError(error);
}

/**
 * How a breaker counts a failed attempt. Outages are failures; a developer error is one only when
 * `countDeveloperErrors` says so, since opening a breaker on a bug refuses the calls that work;
 * every other answer (a ConvexError, a validation error, a missing function) means the backend
 * answered, so it is a success.
 */
export function breakerVerdict(error: LensError, countDeveloperErrors: boolean): BreakerVerdict {
  if (NEUTRAL.has(error.code)) return "neutral";
  if (isLensConvexError(error)) return "success";
  if (OUTAGE.has(error.code)) return "failure";
  if (isDeveloperError(error)) return countDeveloperErrors ? "failure" : "success";
  return "success";
}

// Outcomes an idempotent function may retry although they are not retryable in general.
const IDEMPOTENT_ONLY: ReadonlySet<string> = new Set([
  ErrorCode.OUTCOME_UNKNOWN,
  ErrorCode.ACTION_CONNECTION_LOST,
]);

/**
 * Whether a failed attempt may be sent again, by the semantics of each kind (DESIGN.md): queries
 * are reads; a mutation is re-sent only when the failure certainly came before commit, or it is
 * idempotent; an action only when it is idempotent. A call that never left the client may always
 * be tried again.
 */
export function mayRetry(
  kind: FunctionKind,
  idempotent: boolean,
  error: LensError,
  sent: boolean,
): boolean {
  if (idempotent && IDEMPOTENT_ONLY.has(error.code)) return true;
  if (!error.retryable) return false;
  if (!sent) return true;
  switch (kind) {
    case "query":
      return true;
    case "mutation":
      return idempotent || error.preCommit;
    case "action":
      return idempotent;
  }
}
