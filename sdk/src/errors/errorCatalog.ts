import type { ErrorCode } from "./errorCode.js";

/** What the SDK knows about a code before it sees a particular failure. */
export interface ErrorCodeInfo {
  /** The HTTP status a server in front of the app would answer with (499 is "client closed request"). */
  httpStatus: number;
  /** Whether trying the same call again can succeed. Retry policy still applies Convex's rules per kind. */
  retryable: boolean;
  /** Calm text an end user can read: no jargon, no blame, no codes. */
  userMessage: string;
  /** For developers: what happened and what usually causes it. */
  description: string;
}

const entries: Record<ErrorCode, ErrorCodeInfo> = {
  NETWORK: {
    httpStatus: 503,
    retryable: true,
    userMessage: "We couldn't reach the server. Check your connection and try again.",
    description:
      "The request got no response: the connection was refused, reset or never resolved (fetch failed).",
  },
  OFFLINE: {
    httpStatus: 503,
    retryable: true,
    userMessage: "You seem to be offline. We'll try again when you're back online.",
    description:
      "The browser or the Convex client reports no connection, so the call was held back.",
  },
  TIMEOUT: {
    httpStatus: 504,
    retryable: true,
    userMessage: "This is taking longer than expected. Please try again.",
    description:
      "The call's deadline passed before a result arrived. Used for reads, which are safe to repeat.",
  },
  OUTCOME_UNKNOWN: {
    httpStatus: 504,
    retryable: false,
    userMessage: "We couldn't confirm whether that went through. Please check before trying again.",
    description:
      "A mutation or action was sent but no result arrived in time. It may still commit; it is never re-sent automatically.",
  },
  CIRCUIT_OPEN: {
    httpStatus: 503,
    retryable: false,
    userMessage: "This feature is taking a short break. Please try again in a moment.",
    description:
      "The circuit breaker for this function is open after repeated failures, so the call failed fast without being sent.",
  },
  RATE_LIMITED: {
    httpStatus: 429,
    retryable: true,
    userMessage: "That was a lot of requests at once. Please wait a moment and try again.",
    description:
      "Too many requests: HTTP 429, an app rate limiter, or the SDK's bulkhead queue is full.",
  },
  OVERLOADED: {
    httpStatus: 503,
    retryable: true,
    userMessage: "The service is busy right now. Please try again in a moment.",
    description:
      'Convex, or a proxy in front of it, cannot serve right now: load shedding (ExecuteFullError, CommitterFullError, HTTP 503), or an internal error during a restart ("Try again later", HTTP 500). Back off and retry.',
  },
  SERVER_ERROR: {
    httpStatus: 500,
    retryable: false,
    userMessage: "Something went wrong on our side. Sorry about that.",
    description:
      'A bug in the function: it threw an error that is not a ConvexError ("[Request ID: …] Server Error", "Uncaught …"; redacted in production). Never retried; look the request id up in the Convex logs.',
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    retryable: false,
    userMessage: "Please sign in to continue.",
    description:
      "The auth token is missing, expired or could not be verified against the auth provider.",
  },
  FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    userMessage: "You don't have access to this.",
    description: "The caller is authenticated but not allowed to perform this call.",
  },
  NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    userMessage: "We couldn't find what you were looking for.",
    description: "The app reported that the requested record or resource does not exist.",
  },
  VALIDATION: {
    httpStatus: 400,
    retryable: false,
    userMessage: "Some of the details don't look right. Please check them and try again.",
    description:
      "Arguments or a return value did not match their validator (ArgumentValidationError), or app validation failed.",
  },
  CONFLICT: {
    httpStatus: 409,
    retryable: false,
    userMessage: "Someone else changed this at the same time. Please refresh and try again.",
    description:
      "A write conflicted: the app reported a conflict, or Convex's optimistic concurrency control gave up.",
  },
  APPLICATION: {
    httpStatus: 400,
    retryable: false,
    userMessage: "We couldn't complete that request.",
    description:
      "The function threw a ConvexError on purpose. Its code (appCode) and data say why; it is never retried.",
  },
  FUNCTION_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    userMessage: "This part of the app was just updated. Please refresh the page.",
    description:
      "The deployment has no public function with that path and kind: usually a client newer than the deployed functions.",
  },
  ACTION_CONNECTION_LOST: {
    httpStatus: 502,
    retryable: false,
    userMessage:
      "The connection dropped while we were working on that. Please check whether it finished.",
    description:
      "The WebSocket reconnected while an action was in flight. The action may or may not have run; it is not re-sent.",
  },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    retryable: false,
    userMessage: "That's too large to send. Please try something smaller.",
    description: "The request, its arguments or a stored value is over a size limit.",
  },
  LIMIT_EXCEEDED: {
    httpStatus: 400,
    retryable: false,
    userMessage: "That asked for too much at once. Please narrow it down and try again.",
    description:
      "The function hit a Convex per-execution limit (documents or bytes read, writes). Paginate or use an index.",
  },
  ABORTED: {
    httpStatus: 499,
    retryable: false,
    userMessage: "The request was cancelled.",
    description: "The caller cancelled the call through an AbortSignal.",
  },
  CONFIGURATION: {
    httpStatus: 500,
    retryable: false,
    userMessage: "The app isn't set up quite right. Please try again later.",
    description:
      "The client is misconfigured (bad deployment URL, no WebSocket) or was used after close().",
  },
  UNKNOWN: {
    httpStatus: 500,
    retryable: false,
    userMessage: "Something went wrong. Please try again.",
    description: "The failure matched no known shape. The original is kept in cause.",
  },
};

for (const info of Object.values(entries)) Object.freeze(info);

/**
 * The single source of truth for every code's defaults. `sdk/README.md` renders this table, and
 * every LensError takes its defaults from it, so the two cannot drift apart.
 */
export const errorCatalog: Readonly<Record<ErrorCode, Readonly<ErrorCodeInfo>>> =
  Object.freeze(entries);
