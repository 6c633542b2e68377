import { errorCatalog } from "./errorCatalog.js";

// Made from the catalog's rows, which list every code once, so the bundle does not carry each
// name twice (`NETWORK: "NETWORK"`). The type below documents each code; errorCatalog.test.ts
// checks that it lists the same codes as the rows.
/**
 * Every failure the SDK reports carries exactly one of these codes, so app code, retries,
 * breakers, span attributes (`error.type`) and the DevTools panel all speak one vocabulary.
 */
export const ErrorCode = Object.fromEntries(
  Object.keys(errorCatalog).map((code) => [code, code]),
) as {
  /** The request never got a response: DNS, refused or reset connection, CORS, fetch failure. */
  readonly NETWORK: "NETWORK";
  /** The browser or the client says we are offline, so the call was not attempted. */
  readonly OFFLINE: "OFFLINE";
  /** The SDK's own deadline passed for a read (a query). */
  readonly TIMEOUT: "TIMEOUT";
  /** A mutation or action that may or may not have run: its deadline passed after it was sent. */
  readonly OUTCOME_UNKNOWN: "OUTCOME_UNKNOWN";
  /** An open circuit breaker refused the call without sending it. */
  readonly CIRCUIT_OPEN: "CIRCUIT_OPEN";
  /** Too many requests: the deployment, an app rate limiter, or the SDK's bulkhead said "slow down". */
  readonly RATE_LIMITED: "RATE_LIMITED";
  /** Convex or a proxy in front of it cannot serve for now (load shedding, 503, a restart's 500). */
  readonly OVERLOADED: "OVERLOADED";
  /** A bug in a function: it threw a non-ConvexError ("[Request ID: …] Server Error", "Uncaught …"). */
  readonly SERVER_ERROR: "SERVER_ERROR";
  /** No valid identity: missing, expired or unverifiable auth token. */
  readonly UNAUTHENTICATED: "UNAUTHENTICATED";
  /** The caller is known but not allowed to do this. */
  readonly FORBIDDEN: "FORBIDDEN";
  /** The thing the call is about does not exist (an app-level "not found"). */
  readonly NOT_FOUND: "NOT_FOUND";
  /** Arguments (or a return value) do not match their validator, or app-level validation failed. */
  readonly VALIDATION: "VALIDATION";
  /** A write conflicted with another one (an app conflict, or Convex's optimistic concurrency). */
  readonly CONFLICT: "CONFLICT";
  /** A `ConvexError` the app threw on purpose, whose code the taxonomy does not know. */
  readonly APPLICATION: "APPLICATION";
  /** The deployment has no public function with that path and kind (often client/server version skew). */
  readonly FUNCTION_NOT_FOUND: "FUNCTION_NOT_FOUND";
  /** The socket dropped while an action ran; the official client fails it because actions are not re-sent. */
  readonly ACTION_CONNECTION_LOST: "ACTION_CONNECTION_LOST";
  /** The request or a value in it exceeds a size limit. */
  readonly PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE";
  /**
   * The function hit one of Convex's per-execution limits (documents or bytes read, writes).
   * Separate from SERVER_ERROR because retrying the same call hits the same limit.
   */
  readonly LIMIT_EXCEEDED: "LIMIT_EXCEEDED";
  /** The caller cancelled the call through an AbortSignal. */
  readonly ABORTED: "ABORTED";
  /** The client or the SDK is set up wrongly (bad URL, no WebSocket, used after close). */
  readonly CONFIGURATION: "CONFIGURATION";
  /** Nothing above fits; the original is kept in `cause`. */
  readonly UNKNOWN: "UNKNOWN";
};

/** One of the taxonomy's codes, e.g. `"NETWORK"`. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** True when `value` is one of the taxonomy's codes; used when reading codes back from JSON. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalog, value);
}
