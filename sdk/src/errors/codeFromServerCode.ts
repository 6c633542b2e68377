import { ErrorCode } from "./errorCode.js";

// Convex's short error tags (ErrorMetadata.short_msg), as sent in HTTP error bodies `{code, …}`
// and WebSocket close reasons. Sources: convex-backend crates/errors/src/lib.rs, and the
// overload tags the client itself backs off from (serverDisconnectErrors in
// convex/src/browser/sync/web_socket_manager.ts).
const SERVER_CODES: Readonly<Record<string, ErrorCode>> = {
  BadRequest: ErrorCode.VALIDATION,
  Unauthenticated: ErrorCode.UNAUTHENTICATED,
  InvalidAuthHeader: ErrorCode.UNAUTHENTICATED,
  NoAuthProvider: ErrorCode.UNAUTHENTICATED,
  AuthUpdateFailed: ErrorCode.UNAUTHENTICATED,
  AuthError: ErrorCode.UNAUTHENTICATED,
  Forbidden: ErrorCode.FORBIDDEN,
  NotFound: ErrorCode.NOT_FOUND,
  Conflict: ErrorCode.CONFLICT,
  RateLimited: ErrorCode.RATE_LIMITED,
  TooManyRequests: ErrorCode.RATE_LIMITED,
  // rate_limited in crates/sync/src/worker.rs: over 1,000 mutations pending on one socket.
  TooManyConcurrentMutations: ErrorCode.RATE_LIMITED,
  PayloadTooLarge: ErrorCode.PAYLOAD_TOO_LARGE,
  RequestTooLarge: ErrorCode.PAYLOAD_TOO_LARGE,
  // INTERNAL_SERVER_ERROR: an internal error or a restart, "Try again later" (HTTP 500).
  InternalServerError: ErrorCode.OVERLOADED,
  OptimisticConcurrencyControlFailure: ErrorCode.CONFLICT,
  TooManyDocumentsRead: ErrorCode.LIMIT_EXCEEDED,
  TooManyBytesRead: ErrorCode.LIMIT_EXCEEDED,
  TooManyReads: ErrorCode.LIMIT_EXCEEDED,
  TooManyWrites: ErrorCode.LIMIT_EXCEEDED,
  ClientDisconnected: ErrorCode.NETWORK,
  Overloaded: ErrorCode.OVERLOADED,
  ServiceUnavailable: ErrorCode.OVERLOADED,
  RejectedBeforeExecution: ErrorCode.OVERLOADED,
  SubscriptionsWorkerFullError: ErrorCode.OVERLOADED,
  TooManyConcurrentRequests: ErrorCode.OVERLOADED,
  CommitterFullError: ErrorCode.OVERLOADED,
  AwsTooManyRequestsException: ErrorCode.OVERLOADED,
  ExecuteFullError: ErrorCode.OVERLOADED,
  SystemTimeoutError: ErrorCode.OVERLOADED,
  ExpiredInQueue: ErrorCode.OVERLOADED,
  // rejected_before_execution in crates/isolate/src/metrics.rs: no worker could take the call.
  WorkerOverloaded: ErrorCode.OVERLOADED,
  VectorIndexesUnavailable: ErrorCode.OVERLOADED,
  SearchIndexesUnavailable: ErrorCode.OVERLOADED,
  TableSummariesUnavailable: ErrorCode.OVERLOADED,
  VectorIndexTooLarge: ErrorCode.OVERLOADED,
  SearchIndexTooLarge: ErrorCode.OVERLOADED,
  TooManyWritesInTimePeriod: ErrorCode.OVERLOADED,
};

/** The tags above, for recognising them inside longer texts. */
export const SERVER_OVERLOAD_TAGS: readonly string[] = Object.keys(SERVER_CODES).filter(
  (tag) => SERVER_CODES[tag] === ErrorCode.OVERLOADED,
);

/** The taxonomy code for one of Convex's short error tags, or undefined when it is not known. */
export function codeFromServerCode(tag: string): ErrorCode | undefined {
  return Object.hasOwn(SERVER_CODES, tag) ? SERVER_CODES[tag] : undefined;
}
