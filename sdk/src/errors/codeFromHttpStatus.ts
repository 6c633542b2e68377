import { ErrorCode } from "./errorCode.js";

/**
 * Convex's status for a function that ran and failed; its body is a function result, not an HTTP
 * error, so the status says nothing about the code. Source: STATUS_CODE_UDF_FAILED in
 * convex/src/browser/http_client.ts.
 */
export const STATUS_FUNCTION_FAILED = 560;

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode | undefined>> = {
  400: ErrorCode.VALIDATION,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  408: ErrorCode.TIMEOUT,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  499: ErrorCode.ABORTED,
  // A gateway that got no good answer from upstream: the request may or may not have arrived.
  502: ErrorCode.NETWORK,
  503: ErrorCode.OVERLOADED,
  504: ErrorCode.TIMEOUT,
};

/**
 * The taxonomy code for an HTTP error status, following the backend's own mapping
 * (ErrorCode::http_status_code and from_http_status_code in convex-backend
 * crates/errors/src/lib.rs). Undefined for statuses that are not errors, and for 560.
 *
 * A function's bug never comes back as a 5xx other than 560, so every other 5xx, whether from
 * Convex (500 InternalServerError: "Try again later") or from a proxy in front of it, is a
 * passing failure, as Convex itself reads it (any 5xx is Overloaded in from_http_status_code).
 */
export function codeFromHttpStatus(status: number): ErrorCode | undefined {
  if (!Number.isInteger(status) || status < 400 || status === STATUS_FUNCTION_FAILED)
    return undefined;
  return CODE_BY_STATUS[status] ?? (status < 500 ? ErrorCode.VALIDATION : ErrorCode.OVERLOADED);
}

/**
 * Statuses with which a server rejects a request before running it, so no write can have
 * committed. A 5xx other than 503 may come after the work was done.
 */
export function statusRejectsBeforeRunning(status: number): boolean {
  return (status >= 400 && status < 500 && status !== 408 && status !== 499) || status === 503;
}
