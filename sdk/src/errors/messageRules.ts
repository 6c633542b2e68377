import { SERVER_OVERLOAD_TAGS } from "./codeFromServerCode.js";
import { ErrorCode } from "./errorCode.js";

/** One recognised failure text and the code it means; where each text comes from is noted beside it. */
export interface MessageRule {
  code: ErrorCode;
  pattern: RegExp;
  /** The text proves the function never started (bad path, bad arguments, never sent). */
  neverRan?: true;
  /** Overrides the catalog's retryable for this text. */
  retryable?: boolean;
  /**
   * The text can appear inside a function failure (`[Request ID: …] Server Error\n…`): a
   * deterministic error of the function's own execution. Other rules are not read there, so a
   * function that throws `new Error("try again later")` stays a bug, as it is in production.
   */
  inFunction?: true;
}

/**
 * A function's own failure: `[Request ID: <id>] Server Error`, followed in a dev deployment by
 * its error (`Uncaught Error: …`, `ArgumentValidationError: …`) and redacted to that first line
 * in production (RedactedJsError's Display, convex-backend crates/application/src/redaction.rs).
 * A text that starts with `Uncaught ` is the same error without the head.
 */
const FUNCTION_FAILURE = /\[Request ID: [^\]]+\] Server Error|^Server Error\b|^Uncaught /m;

/**
 * The texts the official clients and a Convex deployment produce, most specific first: a dev
 * deployment's "Server Error\nUncaught Error: Too many reads…" must be LIMIT_EXCEEDED, not
 * SERVER_ERROR, so the generic "Server Error" rule comes last.
 */
const MESSAGE_RULES: readonly MessageRule[] = [
  // convex/src/browser/sync/request_manager.ts (restart)
  {
    code: ErrorCode.ACTION_CONNECTION_LOST,
    pattern: /Connection lost while action was in flight/,
  },
  // convex-backend: udf path resolution (missing_or_internal_error), and a function called as the
  // wrong kind
  {
    code: ErrorCode.FUNCTION_NOT_FOUND,
    pattern:
      /Could not find (public )?function for '|Could not find function\b|Trying to execute \S+ as (Query|Mutation|Action), but it is defined as/,
    inFunction: true,
    neverRan: true,
  },
  // convex-backend return value validation: the function ran; only its result was refused.
  {
    code: ErrorCode.VALIDATION,
    pattern: /ReturnsValidationError/,
    inFunction: true,
  },
  // convex-backend argument validation; convex-test's 'Validator error'
  {
    code: ErrorCode.VALIDATION,
    pattern:
      /ArgumentValidationError|Value does not match validator|Validator error|Object is missing the required field|Object contains extra field/,
    inFunction: true,
    neverRan: true,
  },
  // convex/src/values/value.ts (convexToJson), thrown before anything is sent
  {
    code: ErrorCode.VALIDATION,
    pattern: /is not a valid Convex value|is not a supported Convex type/,
    neverRan: true,
  },
  // convex-backend crates/authentication (ErrorMetadata::unauthenticated)
  {
    code: ErrorCode.UNAUTHENTICATED,
    pattern:
      /Could not verify OIDC token|Could not parse as (OIDC )?ID token|ID token expired|No auth provider found matching the given token|InvalidAuthHeader|NoAuthProvider|Unauthenticated|AuthError|Token expired|token (has )?expired|JWT (has )?expired/i,
  },
  // convex-backend transaction limits (ErrorMetadata::pagination_limit)
  {
    code: ErrorCode.LIMIT_EXCEEDED,
    pattern:
      /in a single function execution \(|Too many (reads|bytes read|documents read|writes|bytes written)\b(?! in a short period)/,
    inFunction: true,
  },
  // serverDisconnectErrors in convex/src/browser/sync/web_socket_manager.ts (the tags are plain
  // words, so they need no escaping)
  {
    code: ErrorCode.OVERLOADED,
    pattern: new RegExp(
      `${SERVER_OVERLOAD_TAGS.join("|")}|Too many insert / update / delete operations`,
    ),
  },
  // ErrorMetadata::overloaded and service_unavailable in convex-backend crates/errors
  {
    code: ErrorCode.OVERLOADED,
    pattern: /overloaded|Service (temporarily )?unavailable|temporarily unavailable/i,
  },
  // ErrorMetadata::user_occ / system_occ in convex-backend crates/errors
  {
    code: ErrorCode.CONFLICT,
    pattern: /changed while this mutation was being run|OptimisticConcurrencyControlFailure/,
    // Convex retried the transaction itself and gave up; a later attempt can get through.
    retryable: true,
  },
  // size limits on values, arguments and request bodies
  {
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    pattern: /too large|PayloadTooLarge|Request Entity Too Large|length limit exceeded/i,
    inFunction: true,
  },
  // HTTP 429 bodies and app rate limiters
  {
    code: ErrorCode.RATE_LIMITED,
    pattern: /\brate.?limit|Too Many Requests/i,
  },
  // convex/src/browser/sync/client.ts, convex/src/common/index.ts (validateDeploymentUrl),
  // convex/src/react/client.ts
  {
    code: ErrorCode.CONFIGURATION,
    pattern:
      /No WebSocket global variable defined|Invalid deployment address|Client created with undefined deployment address|Provided address was not an absolute URL|Unknown parent protocol|Convex\w*Client has already been closed|ConvexClient is disabled|Passing a ClientConfig object is no longer supported|as the second argument is no longer supported|Could not find Convex client|Required dependency 'react' not found|unsavedChangesWarning requested/,
    neverRan: true,
  },
  // INTERNAL_SERVER_ERROR_MSG, "Your request couldn't be completed. Try again later." (convex-backend
  // crates/errors/src/lib.rs): what the backend answers for an internal error or a restart
  // (operational_internal_server_error), HTTP 500 with code InternalServerError; also load-shedding
  // texts without a tag. Convex's own from_http_status_code reads any 5xx as Overloaded. Over
  // WebSocket the same error closes the socket instead, with the reason "InternalServerError"
  // (crates/local_backend/src/subs/mod.rs), and the client re-sends.
  {
    code: ErrorCode.OVERLOADED,
    pattern: /try again later/i,
  },
  // RedactedJsError in convex-backend crates/application/src/redaction.rs; format_uncaught_error in
  // crates/isolate/src/helpers.rs
  {
    code: ErrorCode.SERVER_ERROR,
    pattern: FUNCTION_FAILURE,
    inFunction: true,
  },
];

// Error texts can be long (dev deployments append stacks); the telling part is at the start.
const MAX_SCANNED = 8 * 1024;

const FUNCTION_RULES: readonly MessageRule[] = MESSAGE_RULES.filter((rule) => rule.inFunction);

/**
 * The first rule whose text appears in `text`, or undefined. Inside a function failure only the
 * rules marked `inFunction` apply, and the failure itself is SERVER_ERROR.
 */
export function matchMessageRule(text: string): MessageRule | undefined {
  const scanned = text.length > MAX_SCANNED ? text.slice(0, MAX_SCANNED) : text;
  const rules = FUNCTION_FAILURE.test(scanned) ? FUNCTION_RULES : MESSAGE_RULES;
  return rules.find((rule) => rule.pattern.test(scanned));
}
