import type { ErrorCode } from "./errorCode.js";

/** What the SDK knows about a code before it sees a particular failure. */
export interface ErrorCodeInfo {
  /** The HTTP status a server in front of the app would answer with (499 is "client closed request"). */
  httpStatus: number;
  /** Whether trying the same call again can succeed. Retry policy still applies Convex's rules per kind. */
  retryable: boolean;
  /** Calm text an end user can read: no jargon, no blame, no codes. */
  userMessage: string;
}

const entries: Record<ErrorCode, ErrorCodeInfo> = {
  NETWORK: {
    httpStatus: 503,
    retryable: true,
    userMessage: "We couldn't reach the server. Check your connection and try again.",
  },
  OFFLINE: {
    httpStatus: 503,
    retryable: true,
    userMessage: "You seem to be offline. We'll try again when you're back online.",
  },
  TIMEOUT: {
    httpStatus: 504,
    retryable: true,
    userMessage: "This is taking longer than expected. Please try again.",
  },
  OUTCOME_UNKNOWN: {
    httpStatus: 504,
    retryable: false,
    userMessage: "We couldn't confirm whether that went through. Please check before trying again.",
  },
  CIRCUIT_OPEN: {
    httpStatus: 503,
    retryable: false,
    userMessage: "This feature is taking a short break. Please try again in a moment.",
  },
  RATE_LIMITED: {
    httpStatus: 429,
    retryable: true,
    userMessage: "That was a lot of requests at once. Please wait a moment and try again.",
  },
  OVERLOADED: {
    httpStatus: 503,
    retryable: true,
    userMessage: "The service is busy right now. Please try again in a moment.",
  },
  SERVER_ERROR: {
    httpStatus: 500,
    retryable: false,
    userMessage: "Something went wrong on our side. Sorry about that.",
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    retryable: false,
    userMessage: "Please sign in to continue.",
  },
  FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    userMessage: "You don't have access to this.",
  },
  NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    userMessage: "We couldn't find what you were looking for.",
  },
  VALIDATION: {
    httpStatus: 400,
    retryable: false,
    userMessage: "Some of the details don't look right. Please check them and try again.",
  },
  CONFLICT: {
    httpStatus: 409,
    retryable: false,
    userMessage: "Someone else changed this at the same time. Please refresh and try again.",
  },
  APPLICATION: {
    httpStatus: 400,
    retryable: false,
    userMessage: "We couldn't complete that request.",
  },
  FUNCTION_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    userMessage: "This part of the app was just updated. Please refresh the page.",
  },
  ACTION_CONNECTION_LOST: {
    httpStatus: 502,
    retryable: false,
    userMessage:
      "The connection dropped while we were working on that. Please check whether it finished.",
  },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    retryable: false,
    userMessage: "That's too large to send. Please try something smaller.",
  },
  LIMIT_EXCEEDED: {
    httpStatus: 400,
    retryable: false,
    userMessage: "That asked for too much at once. Please narrow it down and try again.",
  },
  ABORTED: {
    httpStatus: 499,
    retryable: false,
    userMessage: "The request was cancelled.",
  },
  CONFIGURATION: {
    httpStatus: 500,
    retryable: false,
    userMessage: "The app isn't set up quite right. Please try again later.",
  },
  UNKNOWN: {
    httpStatus: 500,
    retryable: false,
    userMessage: "Something went wrong. Please try again.",
  },
};

for (const info of Object.values(entries)) Object.freeze(info);

/**
 * The single source of truth for every code's runtime defaults: every LensError takes them from
 * here. The developer descriptions are not in it, so that an app does not ship them: they are in
 * `errorDescriptions` (`@convex-lens/sdk/error-descriptions`) and docs/errors.md.
 */
export const errorCatalog: Readonly<Record<ErrorCode, Readonly<ErrorCodeInfo>>> =
  Object.freeze(entries);
