import { ErrorCode } from "./errorCode.js";
import { CLASS_CODE, defineHidden, LensError, type LensErrorInit } from "./LensError.js";

// One class per code so apps can write `catch (e) { if (e instanceof NotFoundError) … }`. They
// share one body (codeClass): each is marked with CLASS_CODE, which makes `instanceof` follow the
// code (see LensError), and an app may extend one (`class RoomMissingError extends NotFoundError`).

/** A per-code subclass of LensError: `new NotFoundError(init)`, `x instanceof NotFoundError`. */
export interface LensErrorClass {
  new (init?: LensErrorInit): LensError;
  readonly prototype: LensError;
}

/** The class of `code`, named `name` as a hand-written class would be (its `name` and its errors'). */
function codeClass(code: ErrorCode, name: string): LensErrorClass {
  const klass = class extends LensError {
    static readonly [CLASS_CODE] = code;
    constructor(init?: LensErrorInit) {
      super(code, init);
    }
  };
  Object.defineProperty(klass, "name", { value: name });
  defineHidden(klass.prototype, "name", name);
  return klass;
}

/** The request got no response (refused, reset or unresolved connection). */
export const NetworkError = /* @__PURE__ */ codeClass(ErrorCode.NETWORK, "NetworkError");
export type NetworkError = LensError;

/** The app is offline, so the call was held back. */
export const OfflineError = /* @__PURE__ */ codeClass(ErrorCode.OFFLINE, "OfflineError");
export type OfflineError = LensError;

/** A read passed its deadline. Named like the DOM's TimeoutError on purpose: same meaning. */
export const TimeoutError = /* @__PURE__ */ codeClass(ErrorCode.TIMEOUT, "TimeoutError");
export type TimeoutError = LensError;

/** A mutation or action was sent but its result never came back in time; it may still commit. */
export const MutationOutcomeUnknownError = /* @__PURE__ */ codeClass(
  ErrorCode.OUTCOME_UNKNOWN,
  "MutationOutcomeUnknownError",
);
export type MutationOutcomeUnknownError = LensError;

/** An open breaker refused the call without sending it. */
export const CircuitOpenError = /* @__PURE__ */ codeClass(
  ErrorCode.CIRCUIT_OPEN,
  "CircuitOpenError",
);
export type CircuitOpenError = LensError;

/** Too many requests; `retryAfterMs` says how long to wait when the source said so. */
export const RateLimitedError = /* @__PURE__ */ codeClass(
  ErrorCode.RATE_LIMITED,
  "RateLimitedError",
);
export type RateLimitedError = LensError;

/** Convex is shedding load; back off and try again. */
export const OverloadedError = /* @__PURE__ */ codeClass(ErrorCode.OVERLOADED, "OverloadedError");
export type OverloadedError = LensError;

/** The function failed on the server; `requestId` finds it in the Convex logs. */
export const ServerError = /* @__PURE__ */ codeClass(ErrorCode.SERVER_ERROR, "ServerError");
export type ServerError = LensError;

/** The auth token is missing, expired or unverifiable. */
export const UnauthenticatedError = /* @__PURE__ */ codeClass(
  ErrorCode.UNAUTHENTICATED,
  "UnauthenticatedError",
);
export type UnauthenticatedError = LensError;

/** The caller may not do this. */
export const ForbiddenError = /* @__PURE__ */ codeClass(ErrorCode.FORBIDDEN, "ForbiddenError");
export type ForbiddenError = LensError;

/** The app says the thing asked for does not exist. */
export const NotFoundError = /* @__PURE__ */ codeClass(ErrorCode.NOT_FOUND, "NotFoundError");
export type NotFoundError = LensError;

/** Arguments, a return value or app input failed validation. */
export const ValidationError = /* @__PURE__ */ codeClass(ErrorCode.VALIDATION, "ValidationError");
export type ValidationError = LensError;

/** A write conflicted with another one. */
export const ConflictError = /* @__PURE__ */ codeClass(ErrorCode.CONFLICT, "ConflictError");
export type ConflictError = LensError;

/** An app ConvexError whose code the taxonomy does not know; `appCode` keeps it. */
export const ApplicationError = /* @__PURE__ */ codeClass(
  ErrorCode.APPLICATION,
  "ApplicationError",
);
export type ApplicationError = LensError;

/** The deployment has no public function by that path and kind. */
export const FunctionNotFoundError = /* @__PURE__ */ codeClass(
  ErrorCode.FUNCTION_NOT_FOUND,
  "FunctionNotFoundError",
);
export type FunctionNotFoundError = LensError;

/** The socket dropped while an action ran; whether it ran is unknown. */
export const ActionConnectionLostError = /* @__PURE__ */ codeClass(
  ErrorCode.ACTION_CONNECTION_LOST,
  "ActionConnectionLostError",
);
export type ActionConnectionLostError = LensError;

/** The request or a value in it is over a size limit. */
export const PayloadTooLargeError = /* @__PURE__ */ codeClass(
  ErrorCode.PAYLOAD_TOO_LARGE,
  "PayloadTooLargeError",
);
export type PayloadTooLargeError = LensError;

/** The function hit a Convex per-execution limit; the same call will hit it again. */
export const LimitExceededError = /* @__PURE__ */ codeClass(
  ErrorCode.LIMIT_EXCEEDED,
  "LimitExceededError",
);
export type LimitExceededError = LensError;

/** The caller cancelled the call. */
export const AbortedError = /* @__PURE__ */ codeClass(ErrorCode.ABORTED, "AbortedError");
export type AbortedError = LensError;

/** The client or the SDK is set up wrongly. */
export const ConfigurationError = /* @__PURE__ */ codeClass(
  ErrorCode.CONFIGURATION,
  "ConfigurationError",
);
export type ConfigurationError = LensError;

/** A failure that matched no known shape; see `cause`. */
export const UnknownError = /* @__PURE__ */ codeClass(ErrorCode.UNKNOWN, "UnknownError");
export type UnknownError = LensError;

/** The per-code class for each code, for code that has a code and wants the matching class. */
export const errorClassForCode: Readonly<Record<ErrorCode, LensErrorClass>> = Object.freeze({
  NETWORK: NetworkError,
  OFFLINE: OfflineError,
  TIMEOUT: TimeoutError,
  OUTCOME_UNKNOWN: MutationOutcomeUnknownError,
  CIRCUIT_OPEN: CircuitOpenError,
  RATE_LIMITED: RateLimitedError,
  OVERLOADED: OverloadedError,
  SERVER_ERROR: ServerError,
  UNAUTHENTICATED: UnauthenticatedError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  VALIDATION: ValidationError,
  CONFLICT: ConflictError,
  APPLICATION: ApplicationError,
  FUNCTION_NOT_FOUND: FunctionNotFoundError,
  ACTION_CONNECTION_LOST: ActionConnectionLostError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  LIMIT_EXCEEDED: LimitExceededError,
  ABORTED: AbortedError,
  CONFIGURATION: ConfigurationError,
  UNKNOWN: UnknownError,
});
