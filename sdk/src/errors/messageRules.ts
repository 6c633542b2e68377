import { SERVER_OVERLOAD_TAGS } from "./codeFromServerCode.js";
import { ErrorCode } from "./errorCode.js";

// What a rule's text proves besides its code (bit flags, so the table stays one line per rule):
/** The text proves the function never started (bad path, bad arguments, never sent). */
export const NEVER_RAN = 1;
/**
 * The text can appear inside a function failure (`[Request ID: …] Server Error\n…`): a
 * deterministic error of the function's own execution. Other rules are not read there, so a
 * function that throws `new Error("try again later")` stays a bug, as it is in production.
 */
const IN_FUNCTION = 2;

/**
 * One recognised failure text and the code it means, with NEVER_RAN and IN_FUNCTION flags; where
 * each text comes from is noted beside it. A CONFLICT rule's failure is retryable: Convex retried
 * the transaction itself and gave up, and a later attempt can get through (see classifyError).
 */
export type MessageRule = readonly [code: ErrorCode, pattern: RegExp, flags?: number];

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
  [ErrorCode.ACTION_CONNECTION_LOST, /Connection lost while action was in flight/],
  // convex-backend: udf path resolution (missing_or_internal_error: "Could not find public function
  // for '…'", "Could not find function for '…'"), and a function called as the wrong kind
  [
    ErrorCode.FUNCTION_NOT_FOUND,
    /Could not find (public function for '|function\b)|Trying to execute \S+ as (Query|Mutation|Action), but it is defined as/,
    IN_FUNCTION | NEVER_RAN,
  ],
  // convex-backend return value validation: the function ran; only its result was refused.
  [ErrorCode.VALIDATION, /ReturnsValidationError/, IN_FUNCTION],
  // convex-backend argument validation ("Object is missing the required field", "Object contains
  // extra field"); convex-test's 'Validator error'
  [
    ErrorCode.VALIDATION,
    /ArgumentValidationError|Value does not match validator|Validator error|Object (is missing the required|contains extra) field/,
    IN_FUNCTION | NEVER_RAN,
  ],
  // convex/src/values/value.ts (convexToJson), thrown before anything is sent
  [ErrorCode.VALIDATION, /is not a (valid Convex value|supported Convex type)/, NEVER_RAN],
  // convex-backend crates/authentication (ErrorMetadata::unauthenticated): "Could not verify OIDC
  // token", "Could not parse as (OIDC )?ID token", "ID token expired", "Token expired" (the last two
  // are matched by "token expired")
  [
    ErrorCode.UNAUTHENTICATED,
    /Could not (verify OIDC|parse as (OIDC )?ID) token|No auth provider found matching the given token|InvalidAuthHeader|NoAuthProvider|Unauthenticated|AuthError|(token|JWT) (has )?expired/i,
  ],
  // convex-backend transaction limits (ErrorMetadata::pagination_limit)
  [
    ErrorCode.LIMIT_EXCEEDED,
    /in a single function execution \(|Too many (reads|bytes read|documents read|writes|bytes written)\b(?! in a short period)/,
    IN_FUNCTION,
  ],
  // serverDisconnectErrors in convex/src/browser/sync/web_socket_manager.ts (the tags are plain
  // words, so they need no escaping)
  [
    ErrorCode.OVERLOADED,
    new RegExp(`${SERVER_OVERLOAD_TAGS.join("|")}|Too many insert / update / delete operations`),
  ],
  // ErrorMetadata::overloaded and service_unavailable in convex-backend crates/errors ("Service
  // temporarily unavailable" is matched by "temporarily unavailable")
  [ErrorCode.OVERLOADED, /overloaded|Service unavailable|temporarily unavailable/i],
  // ErrorMetadata::user_occ / system_occ in convex-backend crates/errors
  [
    ErrorCode.CONFLICT,
    /changed while this mutation was being run|OptimisticConcurrencyControlFailure/,
  ],
  // size limits on values, arguments and request bodies ("Request Entity Too Large" is matched by
  // "too large")
  [ErrorCode.PAYLOAD_TOO_LARGE, /too large|PayloadTooLarge|length limit exceeded/i, IN_FUNCTION],
  // HTTP 429 bodies and app rate limiters
  [ErrorCode.RATE_LIMITED, /\brate.?limit|Too Many Requests/i],
  // convex/src/browser/sync/client.ts, convex/src/common/index.ts (validateDeploymentUrl: "Invalid
  // deployment address", "Client created with undefined deployment address"),
  // convex/src/browser/http_client.ts, convex/src/react/client.ts
  [
    ErrorCode.CONFIGURATION,
    /No WebSocket global variable defined|(Invalid|Client created with undefined) deployment address|Provided address was not an absolute URL|Unknown parent protocol|Convex\w*Client has already been closed|ConvexClient is disabled|(Passing a ClientConfig object|as the second argument) is no longer supported|Could not find Convex client|Required dependency 'react' not found|unsavedChangesWarning requested/,
    NEVER_RAN,
  ],
  // INTERNAL_SERVER_ERROR_MSG, "Your request couldn't be completed. Try again later." (convex-backend
  // crates/errors/src/lib.rs): what the backend answers for an internal error or a restart
  // (operational_internal_server_error), HTTP 500 with code InternalServerError; also load-shedding
  // texts without a tag. Convex's own from_http_status_code reads any 5xx as Overloaded. Over
  // WebSocket the same error closes the socket instead, with the reason "InternalServerError"
  // (crates/local_backend/src/subs/mod.rs), and the client re-sends.
  [ErrorCode.OVERLOADED, /try again later/i],
  // RedactedJsError in convex-backend crates/application/src/redaction.rs; format_uncaught_error in
  // crates/isolate/src/helpers.rs
  [ErrorCode.SERVER_ERROR, FUNCTION_FAILURE, IN_FUNCTION],
];

// Error texts can be long (dev deployments append stacks); the telling part is at the start.
const MAX_SCANNED = 8 * 1024;

const FUNCTION_RULES: readonly MessageRule[] = MESSAGE_RULES.filter(
  ([, , flags = 0]) => flags & IN_FUNCTION,
);

/**
 * The first rule whose text appears in `text`, or undefined. Inside a function failure only the
 * rules marked IN_FUNCTION apply, and the failure itself is SERVER_ERROR.
 */
export function matchMessageRule(text: string): MessageRule | undefined {
  const scanned = text.length > MAX_SCANNED ? text.slice(0, MAX_SCANNED) : text;
  const rules = FUNCTION_FAILURE.test(scanned) ? FUNCTION_RULES : MESSAGE_RULES;
  return rules.find(([, pattern]) => pattern.test(scanned));
}
