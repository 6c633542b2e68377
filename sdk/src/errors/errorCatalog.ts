/** What the SDK knows about a code before it sees a particular failure. */
export interface ErrorCodeInfo {
  /** The HTTP status a server in front of the app would answer with (499 is "client closed request"). */
  httpStatus: number;
  /** Whether trying the same call again can succeed. Retry policy still applies Convex's rules per kind. */
  retryable: boolean;
  /** Calm text an end user can read: no jargon, no blame, no codes. */
  userMessage: string;
}

// One row per code, written as data: the property names would otherwise repeat 21 times. These
// rows are where the codes are listed at run time: ErrorCode is made from them (errorCode.ts), so
// this file names the codes itself rather than importing their type (errorCatalog.test.ts checks
// that the two lists are the same).
const rows = {
  NETWORK: [503, true, "We couldn't reach the server. Check your connection and try again."],
  OFFLINE: [503, true, "You seem to be offline. We'll try again when you're back online."],
  TIMEOUT: [504, true, "This is taking longer than expected. Please try again."],
  OUTCOME_UNKNOWN: [
    504,
    false,
    "We couldn't confirm whether that went through. Please check before trying again.",
  ],
  CIRCUIT_OPEN: [503, false, "This feature is taking a short break. Please try again in a moment."],
  RATE_LIMITED: [
    429,
    true,
    "That was a lot of requests at once. Please wait a moment and try again.",
  ],
  OVERLOADED: [503, true, "The service is busy right now. Please try again in a moment."],
  SERVER_ERROR: [500, false, "Something went wrong on our side. Sorry about that."],
  UNAUTHENTICATED: [401, false, "Please sign in to continue."],
  FORBIDDEN: [403, false, "You don't have access to this."],
  NOT_FOUND: [404, false, "We couldn't find what you were looking for."],
  VALIDATION: [
    400,
    false,
    "Some of the details don't look right. Please check them and try again.",
  ],
  CONFLICT: [
    409,
    false,
    "Someone else changed this at the same time. Please refresh and try again.",
  ],
  APPLICATION: [400, false, "We couldn't complete that request."],
  FUNCTION_NOT_FOUND: [
    404,
    false,
    "This part of the app was just updated. Please refresh the page.",
  ],
  ACTION_CONNECTION_LOST: [
    502,
    false,
    "The connection dropped while we were working on that. Please check whether it finished.",
  ],
  PAYLOAD_TOO_LARGE: [413, false, "That's too large to send. Please try something smaller."],
  LIMIT_EXCEEDED: [
    400,
    false,
    "That asked for too much at once. Please narrow it down and try again.",
  ],
  ABORTED: [499, false, "The request was cancelled."],
  CONFIGURATION: [500, false, "The app isn't set up quite right. Please try again later."],
  UNKNOWN: [500, false, "Something went wrong. Please try again."],
} satisfies Record<string, readonly [httpStatus: number, retryable: boolean, userMessage: string]>;

/**
 * The single source of truth for every code's runtime defaults: every LensError takes them from
 * here. The developer descriptions are not in it, so that an app does not ship them: they are in
 * `errorDescriptions` (`@convex-lens/sdk/error-descriptions`) and docs/errors.md.
 */
export const errorCatalog: Readonly<Record<keyof typeof rows, Readonly<ErrorCodeInfo>>> =
  Object.freeze(
    Object.fromEntries(
      Object.entries(rows).map(([code, [httpStatus, retryable, userMessage]]) => [
        code,
        Object.freeze({ httpStatus, retryable, userMessage }),
      ]),
    ) as Record<keyof typeof rows, ErrorCodeInfo>,
  );
