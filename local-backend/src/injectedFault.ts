import type { FaultErrorKind } from "./faults.js";
import type { FunctionOutcome } from "./runtime.js";
import { newRequestId, OVERLOADED_DETAIL, serverErrorMessage } from "./serverErrorMessage.js";

/**
 * An injected error as a sync-protocol failure. "server_error" is the redacted
 * `[Request ID: …] Server Error` a deployment sends when a function throws (a bug);
 * "overloaded" is the load-shedding text alone, which clients read as transient.
 */
export function injectedFailure(kind: FaultErrorKind): FunctionOutcome {
  const requestId = newRequestId();
  return {
    success: false,
    // Not "[Request ID: …] Server Error" for an overload: that head means a function's own bug
    // (RedactedJsError, convex-backend crates/application/src/redaction.rs). A real deployment
    // closes the socket instead; see docs/errors.md, "Real failure shapes".
    errorMessage: kind === "overloaded" ? OVERLOADED_DETAIL : serverErrorMessage(requestId),
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
        body: { code: "Overloaded", message: OVERLOADED_DETAIL },
      }
    : {
        status: 500,
        body: { code: "InternalServerError", message: serverErrorMessage(requestId) },
      };
}
