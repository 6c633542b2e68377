import { ConvexError, jsonToConvex, type Value } from "convex/values";
import { errorClassForCode } from "./codeErrors.js";
import { ErrorCode, isErrorCode } from "./errorCode.js";
import { toLensConvexError } from "./LensConvexError.js";
import { isFunctionKind, type LensError, type LensErrorInit } from "./LensError.js";

function field<T extends "string" | "number" | "boolean">(
  source: Record<string, unknown>,
  key: string,
  type: T,
): (T extends "string" ? string : T extends "number" ? number : boolean) | undefined {
  const value = source[key];
  return typeof value === type ? (value as never) : undefined;
}

/**
 * Rebuilds a LensError from its `toJSON()` form, e.g. a session imported into the DevTools panel.
 * The input is untrusted: unknown fields are dropped, a bad code becomes UNKNOWN, and a
 * ConvexError's `data` comes back as a ConvexError again. Never throws.
 */
export function reviveLensError(json: unknown): LensError {
  const source: Record<string, unknown> =
    typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  const code: ErrorCode = isErrorCode(source.code) ? source.code : ErrorCode.UNKNOWN;
  const init: LensErrorInit = {};
  const message = field(source, "message", "string");
  if (message !== undefined) init.message = message;
  const userMessage = field(source, "userMessage", "string");
  if (userMessage !== undefined) init.userMessage = userMessage;
  const httpStatus = field(source, "httpStatus", "number");
  if (httpStatus !== undefined) init.httpStatus = httpStatus;
  const retryable = field(source, "retryable", "boolean");
  if (retryable !== undefined) init.retryable = retryable;
  const preCommit = field(source, "preCommit", "boolean");
  if (preCommit !== undefined) init.preCommit = preCommit;
  const functionPath = field(source, "functionPath", "string");
  if (functionPath !== undefined) init.functionPath = functionPath;
  if (isFunctionKind(source.kind)) init.kind = source.kind;
  const requestId = field(source, "requestId", "string");
  if (requestId !== undefined) init.requestId = requestId;
  const appCode = field(source, "appCode", "string");
  if (appCode !== undefined) init.appCode = appCode;
  const retryAfterMs = field(source, "retryAfterMs", "number");
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  const cause = source.cause;
  if (
    typeof cause === "object" &&
    cause !== null &&
    typeof Reflect.get(cause, "message") === "string"
  ) {
    init.cause = cause;
  }
  if ("data" in source) {
    try {
      const data = jsonToConvex(source.data as never) as Value;
      const original = new ConvexError<Value>(data);
      const name = field(source, "name", "string");
      if (name !== undefined) original.name = name;
      return toLensConvexError(original, code, init);
    } catch {
      // data that is not Convex JSON: revive the rest as a plain LensError
    }
  }
  return new errorClassForCode[code](init);
}
