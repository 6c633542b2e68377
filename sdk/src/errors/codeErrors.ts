import { ErrorCode } from "./errorCode.js";
import { CLASS_CODE, defineHidden, LensError, type LensErrorInit } from "./LensError.js";

// One small class per code so apps can write `catch (e) { if (e instanceof NotFoundError) … }`.
// Each is marked with CLASS_CODE, which makes `instanceof` follow the code (see LensError).

/** The request got no response (refused, reset or unresolved connection). */
export class NetworkError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.NETWORK;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.NETWORK, init);
  }
  static {
    defineHidden(NetworkError.prototype, "name", "NetworkError");
  }
}

/** The app is offline, so the call was held back. */
export class OfflineError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.OFFLINE;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.OFFLINE, init);
  }
  static {
    defineHidden(OfflineError.prototype, "name", "OfflineError");
  }
}

/** A read passed its deadline. Named like the DOM's TimeoutError on purpose: same meaning. */
export class TimeoutError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.TIMEOUT;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.TIMEOUT, init);
  }
  static {
    defineHidden(TimeoutError.prototype, "name", "TimeoutError");
  }
}

/** A mutation or action was sent but its result never came back in time; it may still commit. */
export class MutationOutcomeUnknownError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.OUTCOME_UNKNOWN;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.OUTCOME_UNKNOWN, init);
  }
  static {
    defineHidden(MutationOutcomeUnknownError.prototype, "name", "MutationOutcomeUnknownError");
  }
}

/** An open breaker refused the call without sending it. */
export class CircuitOpenError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.CIRCUIT_OPEN;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.CIRCUIT_OPEN, init);
  }
  static {
    defineHidden(CircuitOpenError.prototype, "name", "CircuitOpenError");
  }
}

/** Too many requests; `retryAfterMs` says how long to wait when the source said so. */
export class RateLimitedError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.RATE_LIMITED;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.RATE_LIMITED, init);
  }
  static {
    defineHidden(RateLimitedError.prototype, "name", "RateLimitedError");
  }
}

/** Convex is shedding load; back off and try again. */
export class OverloadedError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.OVERLOADED;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.OVERLOADED, init);
  }
  static {
    defineHidden(OverloadedError.prototype, "name", "OverloadedError");
  }
}

/** The function failed on the server; `requestId` finds it in the Convex logs. */
export class ServerError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.SERVER_ERROR;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.SERVER_ERROR, init);
  }
  static {
    defineHidden(ServerError.prototype, "name", "ServerError");
  }
}

/** The auth token is missing, expired or unverifiable. */
export class UnauthenticatedError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.UNAUTHENTICATED;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.UNAUTHENTICATED, init);
  }
  static {
    defineHidden(UnauthenticatedError.prototype, "name", "UnauthenticatedError");
  }
}

/** The caller may not do this. */
export class ForbiddenError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.FORBIDDEN;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.FORBIDDEN, init);
  }
  static {
    defineHidden(ForbiddenError.prototype, "name", "ForbiddenError");
  }
}

/** The app says the thing asked for does not exist. */
export class NotFoundError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.NOT_FOUND;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.NOT_FOUND, init);
  }
  static {
    defineHidden(NotFoundError.prototype, "name", "NotFoundError");
  }
}

/** Arguments, a return value or app input failed validation. */
export class ValidationError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.VALIDATION;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.VALIDATION, init);
  }
  static {
    defineHidden(ValidationError.prototype, "name", "ValidationError");
  }
}

/** A write conflicted with another one. */
export class ConflictError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.CONFLICT;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.CONFLICT, init);
  }
  static {
    defineHidden(ConflictError.prototype, "name", "ConflictError");
  }
}

/** An app ConvexError whose code the taxonomy does not know; `appCode` keeps it. */
export class ApplicationError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.APPLICATION;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.APPLICATION, init);
  }
  static {
    defineHidden(ApplicationError.prototype, "name", "ApplicationError");
  }
}

/** The deployment has no public function by that path and kind. */
export class FunctionNotFoundError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.FUNCTION_NOT_FOUND;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.FUNCTION_NOT_FOUND, init);
  }
  static {
    defineHidden(FunctionNotFoundError.prototype, "name", "FunctionNotFoundError");
  }
}

/** The socket dropped while an action ran; whether it ran is unknown. */
export class ActionConnectionLostError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.ACTION_CONNECTION_LOST;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.ACTION_CONNECTION_LOST, init);
  }
  static {
    defineHidden(ActionConnectionLostError.prototype, "name", "ActionConnectionLostError");
  }
}

/** The request or a value in it is over a size limit. */
export class PayloadTooLargeError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.PAYLOAD_TOO_LARGE;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, init);
  }
  static {
    defineHidden(PayloadTooLargeError.prototype, "name", "PayloadTooLargeError");
  }
}

/** The function hit a Convex per-execution limit; the same call will hit it again. */
export class LimitExceededError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.LIMIT_EXCEEDED;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.LIMIT_EXCEEDED, init);
  }
  static {
    defineHidden(LimitExceededError.prototype, "name", "LimitExceededError");
  }
}

/** The caller cancelled the call. */
export class AbortedError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.ABORTED;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.ABORTED, init);
  }
  static {
    defineHidden(AbortedError.prototype, "name", "AbortedError");
  }
}

/** The client or the SDK is set up wrongly. */
export class ConfigurationError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.CONFIGURATION;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.CONFIGURATION, init);
  }
  static {
    defineHidden(ConfigurationError.prototype, "name", "ConfigurationError");
  }
}

/** A failure that matched no known shape; see `cause`. */
export class UnknownError extends LensError {
  static readonly [CLASS_CODE] = ErrorCode.UNKNOWN;
  constructor(init?: LensErrorInit) {
    super(ErrorCode.UNKNOWN, init);
  }
  static {
    defineHidden(UnknownError.prototype, "name", "UnknownError");
  }
}

/** The per-code class for each code, for code that has a code and wants the matching class. */
export const errorClassForCode: Readonly<
  Record<ErrorCode, new (init?: LensErrorInit) => LensError>
> = Object.freeze({
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
