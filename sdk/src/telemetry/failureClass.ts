/**
 * How health counts a failed call (see {@link failureClass}).
 * - "system": the service or the path to it failed (network, timeout, overload, server error, an
 *   open breaker, an unknown code…). These are the failures `error_rate` and `mutation_success` count.
 * - "application": the app's own rules said no (validation, not found, forbidden, conflict, auth, a
 *   `ConvexError` the app threw). The backend is working as designed, so health ignores them;
 *   UNAUTHENTICATED and FORBIDDEN raise alerts instead.
 * - "cancelled": the caller gave up (an AbortSignal). Neither a success nor a failure, so it is left
 *   out of rates altogether.
 */
export type FailureClass = "system" | "application" | "cancelled";

// Codes from sdk/src/errors/errorCode.ts, compared as strings so this stays a type-only dependency.
const APPLICATION_CODES: ReadonlySet<string> = new Set(
  "UNAUTHENTICATED FORBIDDEN NOT_FOUND VALIDATION CONFLICT APPLICATION".split(" "),
);

/**
 * Classifies a taxonomy code for health. Anything not known to be the app's own answer or a
 * cancellation counts as a system failure, so a new or unknown code can only make health stricter,
 * never hide a problem. Notes on the edge cases:
 * - RATE_LIMITED is "system": the code does not say whether the deployment, the SDK's bulkhead or
 *   an app limiter refused, and to the user all three look like a service that is not keeping up.
 * - LIMIT_EXCEEDED, PAYLOAD_TOO_LARGE, FUNCTION_NOT_FOUND and CONFIGURATION are "system": the app
 *   did not choose to refuse, the call simply cannot work (data outgrew a query, version skew…).
 * - CIRCUIT_OPEN and OFFLINE are "system": the user's call failed, even if it was never sent.
 */
export function failureClass(code: string): FailureClass {
  if (APPLICATION_CODES.has(code)) return "application";
  if (code === "ABORTED") return "cancelled";
  return "system";
}
