import type { FunctionKind } from "../core/callTarget.js";
import { errorCatalog } from "./errorCatalog.js";
import { type ErrorCode, isErrorCode } from "./errorCode.js";
import { readField, readString } from "./readField.js";
import { MAX_FIELD_LENGTH, MAX_MESSAGE_LENGTH, safeText, truncate } from "./safeText.js";

/** Everything a LensError can be told when it is made; whatever is left out comes from the catalog. */
export interface LensErrorInit {
  /** For developers; defaults to a line naming the code. Capped at 2,000 characters. */
  message?: string;
  /** For end users; defaults to the catalog's calm text. */
  userMessage?: string;
  /** `module:function`, e.g. `messages:send`. */
  functionPath?: string;
  kind?: FunctionKind;
  /** The Convex request id, to find the call in the deployment's logs. */
  requestId?: string;
  /** The original failure, kept untouched. */
  cause?: unknown;
  /** Overrides the catalog when this particular failure is (not) worth trying again. */
  retryable?: boolean;
  httpStatus?: number;
  /** true when the failure certainly happened before any write could commit (safe to re-send a mutation) */
  preCommit?: boolean;
  /** The app's own ConvexError code (`data.code`), kept even when it maps to a taxonomy code. */
  appCode?: string;
  /** How long the server or the app asked callers to wait, when it said so (e.g. a rate limiter). */
  retryAfterMs?: number;
}

/** The plain, serialisable form of a LensError: what spans, the DevTools bridge and exports carry. */
export interface LensErrorJSON {
  name: string;
  code: ErrorCode;
  message: string;
  userMessage: string;
  httpStatus: number;
  retryable: boolean;
  preCommit: boolean;
  functionPath?: string;
  kind?: FunctionKind;
  requestId?: string;
  appCode?: string;
  retryAfterMs?: number;
  /** A ConvexError's data in Convex's JSON encoding (`convexToJson`), so bigints and bytes survive. */
  data?: unknown;
  /** A short summary of the original failure; the object itself may be circular or huge. */
  cause?: { name?: string; message: string };
}

/**
 * Marks every LensError, including the ones that must extend ConvexError instead. `Symbol.for`
 * lets two copies of the SDK in one page recognise each other's errors.
 */
export const LENS_ERROR_BRAND: unique symbol = Symbol.for("convex-lens.LensError") as never;

/** Marks a per-code subclass with its code, so `instanceof NotFoundError` can be decided by code. */
export const CLASS_CODE: unique symbol = Symbol("convex-lens.classCode");

/**
 * The taxonomy fields every LensError carries, resolved against the catalog; an optional one
 * that is undefined is not known, and is not set on the error.
 */
export interface LensErrorFields {
  code: ErrorCode;
  httpStatus: number;
  retryable: boolean;
  userMessage: string;
  preCommit: boolean;
  functionPath: string | undefined;
  kind: FunctionKind | undefined;
  requestId: string | undefined;
  appCode: string | undefined;
  retryAfterMs: number | undefined;
  cause: unknown;
}

const KINDS: ReadonlySet<unknown> = new Set(["query", "mutation", "action"]);

/** True for "query", "mutation" and "action": what an untrusted `kind` must be to be kept. */
export function isFunctionKind(value: unknown): value is FunctionKind {
  return KINDS.has(value);
}

// The fields of a LensError's JSON after `name`, in order; one that is not known is left out.
const JSON_FIELDS = [
  "code",
  "message",
  "userMessage",
  "httpStatus",
  "retryable",
  "preCommit",
  "functionPath",
  "kind",
  "requestId",
  "appCode",
  "retryAfterMs",
] as const;

function optionalText(value: unknown, max: number): string | undefined {
  return typeof value === "string" && value.length > 0 ? truncate(value, max) : undefined;
}

/** Applies catalog defaults and caps to an init, so a LensError never stores unbounded text. */
export function resolveLensFields(code: ErrorCode, init: LensErrorInit): LensErrorFields {
  const info = errorCatalog[code];
  // The init comes from app code as often as from the SDK: every field is checked. (isInteger
  // and isFinite are false for anything that is not a number.)
  const { httpStatus, retryAfterMs } = init;
  return {
    code,
    httpStatus: Number.isInteger(httpStatus) ? (httpStatus as number) : info.httpStatus,
    retryable: typeof init.retryable === "boolean" ? init.retryable : info.retryable,
    userMessage: optionalText(init.userMessage, MAX_MESSAGE_LENGTH) ?? info.userMessage,
    preCommit: init.preCommit === true,
    functionPath: optionalText(init.functionPath, MAX_FIELD_LENGTH),
    kind: isFunctionKind(init.kind) ? init.kind : undefined,
    requestId: optionalText(init.requestId, MAX_FIELD_LENGTH),
    appCode: optionalText(init.appCode, MAX_FIELD_LENGTH),
    retryAfterMs: Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs as number) : undefined,
    cause: init.cause,
  };
}

/** Defines a property the way Error defines `message` and `cause`: writable but not enumerable. */
export function defineHidden(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

/** Writes the taxonomy fields onto an error object; shared by LensError and its ConvexError twin. */
export function assignLensFields(target: object, fields: LensErrorFields): void {
  const { cause, ...rest } = fields;
  // An assignment, as Object.assign does, so a class that refuses one throws as it did.
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  defineHidden(target, "cause", cause);
}

/**
 * The developer message for an init: the given text, or a line naming the code and where its
 * description is (the descriptions stay out of the runtime bundle; see errorDescriptions.ts).
 */
export function lensMessage(code: ErrorCode, init: LensErrorInit): string {
  return truncate(init.message ?? defaultMessage(code), MAX_MESSAGE_LENGTH);
}

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

/**
 * The message of a LensError made without one, e.g. `new NetworkError()`: its code, and in
 * development where the code is described. Only a developer reads the pointer, so a production
 * bundle drops it (bundlers replace the exact text `process.env.NODE_ENV`).
 */
function defaultMessage(code: ErrorCode): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      return `${code}: see docs/errors.md, or errorDescriptions in @convex-lens/sdk/error-descriptions`;
    }
  } catch {
    // No `process` at all (an unbundled script): the code alone.
  }
  return code;
}

function summariseCause(cause: unknown): LensErrorJSON["cause"] {
  if (cause === undefined) return undefined;
  // A hostile cause, whose name cannot be read, keeps only its message.
  const name = typeof cause === "object" && cause !== null ? readString(cause, "name") : undefined;
  const message = safeText(cause);
  return name === undefined ? { message } : { name: truncate(name, MAX_FIELD_LENGTH), message };
}

/** The serialisable form of any LensError; never throws, whatever the cause holds. */
export function lensErrorToJSON(error: LensError): LensErrorJSON {
  const json: Record<string, unknown> = {
    name: typeof error.name === "string" ? error.name : "LensError",
  };
  for (const key of JSON_FIELDS) if (error[key] !== undefined) json[key] = error[key];
  const cause = summariseCause(error.cause);
  if (cause !== undefined) json.cause = cause;
  return json as unknown as LensErrorJSON;
}

/**
 * True for any LensError, including the ones that extend ConvexError and those made by another
 * copy of the SDK. Never throws, even for a Proxy whose traps throw.
 */
export function isLensError(value: unknown): value is LensError {
  return (
    typeof value === "object" &&
    value !== null &&
    readField(value, LENS_ERROR_BRAND) === true &&
    isErrorCode(readField(value, "code"))
  );
}

const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

// `value instanceof klass` for LensError and its subclasses; the rules are on LensError below.
function lensHasInstance(klass: object, value: unknown): boolean {
  try {
    if (!isLensError(value)) return false;
    if (klass === LensError) return true;
    if (Object.hasOwn(klass, CLASS_CODE)) {
      return (klass as Record<typeof CLASS_CODE, unknown>)[CLASS_CODE] === value.code;
    }
    return ordinaryHasInstance.call(klass, value);
  } catch {
    return false;
  }
}

/**
 * A failure of a Convex call, classified: a code from the taxonomy plus what callers need to act
 * on it (retry or not, what to show the user, where to look in the logs).
 *
 * Design, because JS has single inheritance: an error that came from a `ConvexError` must stay
 * `instanceof ConvexError`, so it cannot also extend this class. Those errors extend the
 * ConvexError class they came from and carry a brand instead (see LensConvexError.ts), and
 * `instanceof` is decided as follows:
 * - `x instanceof LensError` is true for every branded error (the brand check, `isLensError`);
 * - `x instanceof NotFoundError` (any per-code class) is true exactly when `x.code` is that code,
 *   so a ConvexError carrying `{code: "NOT_FOUND"}` is a NotFoundError too;
 * - any other subclass (an app's own) keeps the ordinary prototype check, so it stays exact.
 */
export class LensError extends Error {
  declare readonly code: ErrorCode;
  declare readonly httpStatus: number;
  /** Whether the same call may succeed later. Retry policy still applies the per-kind rules. */
  declare readonly retryable: boolean;
  declare readonly userMessage: string;
  declare functionPath?: string;
  declare kind?: FunctionKind;
  declare requestId?: string;
  declare readonly preCommit: boolean;
  declare readonly appCode?: string;
  declare readonly retryAfterMs?: number;
  declare cause: unknown;

  constructor(code: ErrorCode, init: LensErrorInit = {}) {
    const known = isErrorCode(code) ? code : "UNKNOWN";
    super(lensMessage(known, init));
    assignLensFields(this, resolveLensFields(known, init));
  }

  static {
    defineHidden(LensError.prototype, "name", "LensError");
  }

  get [LENS_ERROR_BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the answer depends on which class was asked
    return lensHasInstance(this, value);
  }

  /** The plain form, for JSON.stringify, span events and the DevTools bridge. */
  toJSON(): LensErrorJSON {
    return lensErrorToJSON(this);
  }
}
