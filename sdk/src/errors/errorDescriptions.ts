import type { ErrorCode } from "./errorCode.js";

/**
 * For developers: what each code means and what usually causes it. Kept out of the runtime entry,
 * where every app would ship text that only a developer reads: load it from
 * `@convex-lens/sdk/error-descriptions` in development tools, docs and tests. docs/errors.md carries
 * the same text, checked by test/docs/errors.test.ts.
 */
export const errorDescriptions: Readonly<Record<ErrorCode, string>> = Object.freeze({
  NETWORK:
    "The request got no response: the connection was refused, reset or never resolved (fetch failed).",
  OFFLINE: "The browser or the Convex client reports no connection, so the call was held back.",
  TIMEOUT:
    "The call's deadline passed before a result arrived. Used for reads, which are safe to repeat.",
  OUTCOME_UNKNOWN:
    "A mutation or action was sent but no result arrived in time. It may still commit; it is never re-sent automatically.",
  CIRCUIT_OPEN:
    "The circuit breaker for this function is open after repeated failures, so the call failed fast without being sent.",
  RATE_LIMITED:
    "Too many requests: HTTP 429, an app rate limiter, or the SDK's bulkhead queue is full.",
  OVERLOADED:
    'Convex, or a proxy in front of it, cannot serve right now: load shedding (ExecuteFullError, CommitterFullError, HTTP 503), or an internal error during a restart ("Try again later", HTTP 500). Back off and retry.',
  SERVER_ERROR:
    'A bug in the function: it threw an error that is not a ConvexError ("[Request ID: …] Server Error", "Uncaught …"; redacted in production). Never retried; look the request id up in the Convex logs.',
  UNAUTHENTICATED:
    "The auth token is missing, expired or could not be verified against the auth provider.",
  FORBIDDEN: "The caller is authenticated but not allowed to perform this call.",
  NOT_FOUND: "The app reported that the requested record or resource does not exist.",
  VALIDATION:
    "Arguments or a return value did not match their validator (ArgumentValidationError), or app validation failed.",
  CONFLICT:
    "A write conflicted: the app reported a conflict, or Convex's optimistic concurrency control gave up.",
  APPLICATION:
    "The function threw a ConvexError on purpose. Its code (appCode) and data say why; it is never retried.",
  FUNCTION_NOT_FOUND:
    "The deployment has no public function with that path and kind: usually a client newer than the deployed functions.",
  ACTION_CONNECTION_LOST:
    "The WebSocket reconnected while an action was in flight. The action may or may not have run; it is not re-sent.",
  PAYLOAD_TOO_LARGE: "The request, its arguments or a stored value is over a size limit.",
  LIMIT_EXCEEDED:
    "The function hit a Convex per-execution limit (documents or bytes read, writes). Paginate or use an index.",
  ABORTED: "The caller cancelled the call through an AbortSignal.",
  CONFIGURATION:
    "The client is misconfigured (bad deployment URL, no WebSocket) or was used after close().",
  UNKNOWN: "The failure matched no known shape. The original is kept in cause.",
});
