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

// A code's class name: NOT_FOUND → NotFoundError. Two are named for what they mean instead.
function className(code: ErrorCode): string {
  if (code === ErrorCode.OUTCOME_UNKNOWN) return "MutationOutcomeUnknownError";
  if (code === ErrorCode.SERVER_ERROR) return "ServerError";
  return `${code.toLowerCase().replace(/(?:^|_)([a-z])/g, (_, letter: string) => letter.toUpperCase())}Error`;
}

/** The class of `code`, named as a hand-written class would be (its `name` and its errors'). */
function codeClass(code: ErrorCode): LensErrorClass {
  const name = className(code);
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

/** The per-code class for each code, for code that has a code and wants the matching class. */
export const errorClassForCode: Readonly<Record<ErrorCode, LensErrorClass>> = Object.freeze(
  Object.fromEntries(Object.values(ErrorCode).map((code) => [code, codeClass(code)])) as Record<
    ErrorCode,
    LensErrorClass
  >,
);

// Each class below is looked up through a call marked pure, so a bundler drops the ones an app
// never names (a plain property read may have side effects, so it would keep them all).
function classFor(code: ErrorCode): LensErrorClass {
  return errorClassForCode[code];
}

/** The request got no response (refused, reset or unresolved connection). */
export const NetworkError = /* @__PURE__ */ classFor("NETWORK");
export type NetworkError = LensError;

/** The app is offline, so the call was held back. */
export const OfflineError = /* @__PURE__ */ classFor("OFFLINE");
export type OfflineError = LensError;

/** A read passed its deadline. Named like the DOM's TimeoutError on purpose: same meaning. */
export const TimeoutError = /* @__PURE__ */ classFor("TIMEOUT");
export type TimeoutError = LensError;

/** A mutation or action was sent but its result never came back in time; it may still commit. */
export const MutationOutcomeUnknownError = /* @__PURE__ */ classFor("OUTCOME_UNKNOWN");
export type MutationOutcomeUnknownError = LensError;

/** An open breaker refused the call without sending it. */
export const CircuitOpenError = /* @__PURE__ */ classFor("CIRCUIT_OPEN");
export type CircuitOpenError = LensError;

/** Too many requests; `retryAfterMs` says how long to wait when the source said so. */
export const RateLimitedError = /* @__PURE__ */ classFor("RATE_LIMITED");
export type RateLimitedError = LensError;

/** Convex is shedding load; back off and try again. */
export const OverloadedError = /* @__PURE__ */ classFor("OVERLOADED");
export type OverloadedError = LensError;

/** The function failed on the server; `requestId` finds it in the Convex logs. */
export const ServerError = /* @__PURE__ */ classFor("SERVER_ERROR");
export type ServerError = LensError;

/** The auth token is missing, expired or unverifiable. */
export const UnauthenticatedError = /* @__PURE__ */ classFor("UNAUTHENTICATED");
export type UnauthenticatedError = LensError;

/** The caller may not do this. */
export const ForbiddenError = /* @__PURE__ */ classFor("FORBIDDEN");
export type ForbiddenError = LensError;

/** The app says the thing asked for does not exist. */
export const NotFoundError = /* @__PURE__ */ classFor("NOT_FOUND");
export type NotFoundError = LensError;

/** Arguments, a return value or app input failed validation. */
export const ValidationError = /* @__PURE__ */ classFor("VALIDATION");
export type ValidationError = LensError;

/** A write conflicted with another one. */
export const ConflictError = /* @__PURE__ */ classFor("CONFLICT");
export type ConflictError = LensError;

/** An app ConvexError whose code the taxonomy does not know; `appCode` keeps it. */
export const ApplicationError = /* @__PURE__ */ classFor("APPLICATION");
export type ApplicationError = LensError;

/** The deployment has no public function by that path and kind. */
export const FunctionNotFoundError = /* @__PURE__ */ classFor("FUNCTION_NOT_FOUND");
export type FunctionNotFoundError = LensError;

/** The socket dropped while an action ran; whether it ran is unknown. */
export const ActionConnectionLostError = /* @__PURE__ */ classFor("ACTION_CONNECTION_LOST");
export type ActionConnectionLostError = LensError;

/** The request or a value in it is over a size limit. */
export const PayloadTooLargeError = /* @__PURE__ */ classFor("PAYLOAD_TOO_LARGE");
export type PayloadTooLargeError = LensError;

/** The function hit a Convex per-execution limit; the same call will hit it again. */
export const LimitExceededError = /* @__PURE__ */ classFor("LIMIT_EXCEEDED");
export type LimitExceededError = LensError;

/** The caller cancelled the call. */
export const AbortedError = /* @__PURE__ */ classFor("ABORTED");
export type AbortedError = LensError;

/** The client or the SDK is set up wrongly. */
export const ConfigurationError = /* @__PURE__ */ classFor("CONFIGURATION");
export type ConfigurationError = LensError;

/** A failure that matched no known shape; see `cause`. */
export const UnknownError = /* @__PURE__ */ classFor("UNKNOWN");
export type UnknownError = LensError;
