import type { ErrorCode } from "./errorCode.js";

// Convex's short error tags (ErrorMetadata.short_msg), as sent in HTTP error bodies `{code, …}`
// and WebSocket close reasons, by the code each means. Sources: convex-backend
// crates/errors/src/lib.rs, and the overload tags the client itself backs off from
// (serverDisconnectErrors in convex/src/browser/sync/web_socket_manager.ts).
// - TooManyConcurrentMutations: rate_limited in crates/sync/src/worker.rs, over 1,000 mutations
//   pending on one socket.
// - InternalServerError: INTERNAL_SERVER_ERROR, an internal error or a restart, "Try again later"
//   (HTTP 500).
// - WorkerOverloaded: rejected_before_execution in crates/isolate/src/metrics.rs, no worker could
//   take the call.
const OVERLOAD_TAGS =
  "InternalServerError Overloaded ServiceUnavailable RejectedBeforeExecution SubscriptionsWorkerFullError TooManyConcurrentRequests CommitterFullError AwsTooManyRequestsException ExecuteFullError SystemTimeoutError ExpiredInQueue WorkerOverloaded VectorIndexesUnavailable SearchIndexesUnavailable TableSummariesUnavailable VectorIndexTooLarge SearchIndexTooLarge TooManyWritesInTimePeriod";
const TAGS_BY_CODE: Partial<Record<ErrorCode, string>> = {
  VALIDATION: "BadRequest",
  UNAUTHENTICATED: "Unauthenticated InvalidAuthHeader NoAuthProvider AuthUpdateFailed AuthError",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "NotFound",
  CONFLICT: "Conflict OptimisticConcurrencyControlFailure",
  RATE_LIMITED: "RateLimited TooManyRequests TooManyConcurrentMutations",
  PAYLOAD_TOO_LARGE: "PayloadTooLarge RequestTooLarge",
  LIMIT_EXCEEDED: "TooManyDocumentsRead TooManyBytesRead TooManyReads TooManyWrites",
  NETWORK: "ClientDisconnected",
  OVERLOADED: OVERLOAD_TAGS,
};

const SERVER_CODES = new Map<string, ErrorCode>();
for (const [code, tags] of Object.entries(TAGS_BY_CODE)) {
  for (const tag of tags.split(" ")) SERVER_CODES.set(tag, code as ErrorCode);
}

/** The tags that mean OVERLOADED, for recognising them inside longer texts. */
export const SERVER_OVERLOAD_TAGS: readonly string[] = OVERLOAD_TAGS.split(" ");

/** The taxonomy code for one of Convex's short error tags, or undefined when it is not known. */
export function codeFromServerCode(tag: string): ErrorCode | undefined {
  return SERVER_CODES.get(tag);
}
