import type { ConvexError, Value } from "convex/values";
import type { FunctionKind } from "../core/callTarget.js";
import { codeFromAppCode } from "./appErrorCode.js";
import { errorClassForCode } from "./codeErrors.js";
import { codeFromHttpStatus, statusRejectsBeforeRunning } from "./codeFromHttpStatus.js";
import { codeFromServerCode } from "./codeFromServerCode.js";
import { parseConvexMessage } from "./convexMessage.js";
import { ErrorCode } from "./errorCode.js";
import { HttpStatusError } from "./HttpStatusError.js";
import { parseHttpErrorBody } from "./httpErrorBody.js";
import { isConvexErrorLike, toLensConvexError } from "./LensConvexError.js";
import { isFunctionKind, isLensError, type LensError, type LensErrorInit } from "./LensError.js";
import { matchMessageRule, NEVER_RAN } from "./messageRules.js";
import { networkFailureOf } from "./networkFailure.js";
import { readField, readString } from "./readField.js";
import { safeText, truncate } from "./safeText.js";

/** What the caller knows about the call that failed; it beats anything read from the error. */
export interface ClassifyContext {
  functionPath?: string;
  kind?: FunctionKind;
  /** Accepted to match the call target; the error texts already tell the transports apart. */
  transport?: "websocket" | "http";
  /**
   * The HTTP status, when the caller observed it. ConvexHttpClient drops it from its errors; an
   * instrumented one throws an HttpStatusError that carries it, which is read when this is unset.
   */
  httpStatus?: number;
  /** The call's AbortSignal: a rejection with its reason is a cancellation, whatever the reason is. */
  signal?: AbortSignal;
  /**
   * Lets the text of the app's ConvexError reach end users. Off by default, because app messages
   * are often written for developers. `true` uses `data.message` when it is a string; a function
   * picks the text from `data` (return undefined to keep the calm default).
   */
  appUserMessage?: boolean | ((data: unknown) => string | undefined);
}

// Only this much of a message is parsed; LensError keeps 2,000 characters of it anyway.
const MAX_PARSED = 20 * 1024;

type Where = Pick<LensErrorInit, "functionPath" | "kind" | "requestId">;

// A failed query or mutation is a transaction that rolled back: nothing it wrote committed
// ("Mutation failures … don't have any side effects", convex/src/browser/sync/request_manager.ts).
// An action is not a transaction: whatever it did before failing stays done.
function isTransactional(kind: FunctionKind | undefined): boolean {
  return kind === "query" || kind === "mutation";
}

// A deadline on a write that was sent cannot say whether it committed (DESIGN.md).
function timeoutCode(kind: FunctionKind | undefined): ErrorCode {
  return kind === "mutation" || kind === "action" ? ErrorCode.OUTCOME_UNKNOWN : ErrorCode.TIMEOUT;
}

// An init field left undefined is one the failure did not tell: the LensError leaves it out.
function make(code: ErrorCode, init: LensErrorInit): LensError {
  return new errorClassForCode[code](init);
}

function abortedBySignal(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal === undefined) return false;
  try {
    return signal.aborted && Object.is(signal.reason, error);
  } catch {
    return false;
  }
}

function appUserMessage(
  data: unknown,
  option: ClassifyContext["appUserMessage"],
): string | undefined {
  try {
    if (option === true) {
      const message =
        typeof data === "object" && data !== null ? Reflect.get(data, "message") : undefined;
      return typeof message === "string" ? message : undefined;
    }
    if (typeof option === "function") {
      const chosen: unknown = option(data);
      return typeof chosen === "string" ? chosen : undefined;
    }
  } catch {
    // An app callback that throws keeps the calm default.
  }
  return undefined;
}

function fromConvexError(
  error: ConvexError<Value>,
  init: LensErrorInit,
  context: ClassifyContext,
): LensError {
  const data = readField(error, "data");
  let appCode: string | undefined;
  let code: ErrorCode = ErrorCode.APPLICATION;
  let retryAfterMs: number | undefined;
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const dataCode = readField(data, "code");
    // @convex-dev/rate-limiter throws ConvexError({kind: "RateLimited", name, retryAfter}).
    const dataKind = readField(data, "kind");
    if (typeof dataCode === "string") {
      appCode = dataCode;
      code = codeFromAppCode(dataCode);
    } else if (dataKind === "RateLimited") {
      appCode = dataKind;
      code = ErrorCode.RATE_LIMITED;
    }
    const retryAfter = readField(data, "retryAfter");
    if (typeof retryAfter === "number") retryAfterMs = retryAfter;
  }
  return toLensConvexError(error, code, {
    ...init,
    // The app threw it on purpose: the same call throws it again (DESIGN.md, "ConvexError").
    retryable: false,
    preCommit: isTransactional(init.kind),
    appCode,
    retryAfterMs,
    userMessage: appUserMessage(data, context.appUserMessage),
  });
}

// A failure recognised by its Convex error tag or its text (messageRules.ts). The only conflict
// tags and texts are Convex's optimistic concurrency control giving up after retrying the
// transaction itself: a later attempt can get through, so unlike an app's conflict it is retryable.
function fromRecognised(code: ErrorCode, init: LensErrorInit): LensError {
  return make(code, { ...init, retryable: code === ErrorCode.CONFLICT || undefined });
}

function fromHttpStatus(status: number, text: string, init: LensErrorInit): LensError | undefined {
  let code = codeFromHttpStatus(status);
  if (code === undefined) return undefined;
  if (
    code === ErrorCode.NOT_FOUND &&
    matchMessageRule(text)?.[0] === ErrorCode.FUNCTION_NOT_FOUND
  ) {
    code = ErrorCode.FUNCTION_NOT_FOUND;
  }
  if (code === ErrorCode.TIMEOUT) code = timeoutCode(init.kind);
  const preCommit =
    status === 503 ? isTransactional(init.kind) : statusRejectsBeforeRunning(status);
  return make(code, { ...init, httpStatus: status, preCommit });
}

// Codes that a deployment only answers with before running anything.
const REJECTED_UP_FRONT: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.VALIDATION,
  ErrorCode.RATE_LIMITED,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.FUNCTION_NOT_FOUND,
  ErrorCode.NOT_FOUND,
]);

function fromHttpBody(
  tag: string,
  message: string,
  init: LensErrorInit,
  status: number | undefined,
): LensError | undefined {
  let code = codeFromServerCode(tag);
  if (code === undefined || code === ErrorCode.NOT_FOUND || code === ErrorCode.VALIDATION) {
    // A generic tag says less than a recognised text ("BadRequest" + "Could not find function").
    code = matchMessageRule(message)?.[0] ?? code;
  }
  if (code === undefined) return undefined;
  // An internal error (InternalServerError, HTTP 500) may come after a commit; the other
  // overload tags refuse the transaction, which then rolls back.
  const preCommit =
    REJECTED_UP_FRONT.has(code) ||
    (((code === ErrorCode.OVERLOADED && tag !== "InternalServerError") ||
      code === ErrorCode.CONFLICT ||
      code === ErrorCode.LIMIT_EXCEEDED) &&
      isTransactional(init.kind));
  return fromRecognised(code, { ...init, preCommit, httpStatus: status });
}

function classifyObject(error: object, context: ClassifyContext, where: Where): LensError {
  const name = readString(error, "name");
  const rawMessage = readString(error, "message") ?? "";
  const parts = parseConvexMessage(truncate(rawMessage, MAX_PARSED));
  const kind = where.kind ?? parts.kind;
  const init: LensErrorInit = {
    cause: error,
    functionPath: where.functionPath ?? parts.functionPath,
    kind,
    requestId: parts.requestId,
    // The raw client's own text, framing included (`[CONVEX M(messages:send)] … Called by client`),
    // so apps that show or match `error.message` behave as they did; the parts feed the rules.
    message: rawMessage || undefined,
  };

  if (name === "TimeoutError") return make(timeoutCode(kind), init);
  if (name === "AbortError") return make(ErrorCode.ABORTED, init);
  if (isConvexErrorLike(error)) return fromConvexError(error, init, context);

  const http = error instanceof HttpStatusError ? error : undefined;
  const status = context.httpStatus ?? http?.status;
  init.retryAfterMs = http?.retryAfterMs;
  // Convex's own error body names the failure more precisely than its status (a 503 may be
  // OptimisticConcurrencyControlFailure); a proxy's HTML or text body leaves it to the status.
  const body = parseHttpErrorBody(parts.text);
  if (body !== undefined) {
    const byBody = fromHttpBody(body.code, body.message, init, status);
    if (byBody !== undefined) return byBody;
  }
  if (typeof status === "number") {
    const byStatus = fromHttpStatus(status, parts.text, init);
    if (byStatus !== undefined) return byStatus;
  }
  const network = networkFailureOf(error, parts.text);
  if (network !== undefined) {
    return make(ErrorCode.NETWORK, { ...init, preCommit: network.neverConnected });
  }
  const rule = matchMessageRule(parts.text);
  if (rule !== undefined) {
    const [code, , flags = 0] = rule;
    const preCommit =
      code === ErrorCode.ACTION_CONNECTION_LOST
        ? false
        : (flags & NEVER_RAN) !== 0 || isTransactional(kind);
    return fromRecognised(code, { ...init, preCommit });
  }
  return make(ErrorCode.UNKNOWN, { ...init, message: rawMessage || safeText(error) });
}

/**
 * Turns anything a Convex call can throw into a LensError with a code from the taxonomy. It
 * knows the texts the official clients and deployments produce (see messageRules.ts), keeps the
 * original in `cause`, returns a LensError unchanged, and never throws.
 */
export function classifyError(error: unknown, context?: ClassifyContext): LensError {
  if (isLensError(error)) return error;
  const ctx: ClassifyContext = context ?? {};
  const where: Where = {
    functionPath: typeof ctx.functionPath === "string" ? ctx.functionPath : undefined,
    kind: isFunctionKind(ctx.kind) ? ctx.kind : undefined,
  };
  try {
    if (abortedBySignal(error, ctx.signal)) {
      const reasonName =
        typeof error === "object" && error !== null ? readString(error, "name") : undefined;
      const code = reasonName === "TimeoutError" ? timeoutCode(where.kind) : ErrorCode.ABORTED;
      return make(code, { ...where, cause: error, message: safeText(error) });
    }
    if ((typeof error === "object" && error !== null) || typeof error === "function") {
      return classifyObject(error, ctx, where);
    }
    return make(ErrorCode.UNKNOWN, { ...where, cause: error, message: safeText(error) });
  } catch {
    return make(ErrorCode.UNKNOWN, {
      ...where,
      cause: error,
      message: "The failure could not be read: reading it threw.",
    });
  }
}
