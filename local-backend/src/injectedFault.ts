import type { FaultErrorKind } from "./faults.js";
import type { FunctionOutcome } from "./runtime.js";
import { newRequestId, OVERLOADED_DETAIL, serverErrorMessage } from "./serverErrorMessage.js";

/**
 * An injected system error as a sync-protocol failure. "server_error" is the redacted
 * `[Request ID: …] Server Error` a deployment sends for internal errors; "overloaded" adds a
 * second line starting with `Overloaded:`.
 */
export function injectedFailure(kind: FaultErrorKind): FunctionOutcome {
  const requestId = newRequestId();
  return {
    success: false,
    errorMessage:
      kind === "overloaded"
        ? serverErrorMessage(requestId, OVERLOADED_DETAIL)
        : serverErrorMessage(requestId),
    logLines: [],
  };
}

/** An injected system error as an HTTP API response: 500 InternalServerError or 503 Overloaded. */
export function injectedHttpError(kind: FaultErrorKind): {
  status: number;
  body: { code: string; message: string };
} {
  const requestId = newRequestId();
  return kind === "overloaded"
    ? {
        status: 503,
        body: { code: "Overloaded", message: serverErrorMessage(requestId, OVERLOADED_DETAIL) },
      }
    : {
        status: 500,
        body: { code: "InternalServerError", message: serverErrorMessage(requestId) },
      };
}
