import { type FaultErrorKind, isTransientFault, type TransientFaultKind } from "./faults.js";
import type { FunctionKind } from "./functionRegistry.js";
import type { FunctionOutcome } from "./runtime.js";
import { newRequestId, serverErrorMessage } from "./serverErrorMessage.js";

/** A WebSocket close frame: RFC 6455 code and the short reason a client classifies. */
export interface SocketClose {
  readonly code: number;
  readonly reason: string;
}

/** How a deployment answers one system error (convex-backend `crates/errors/src/lib.rs`). */
interface SystemError {
  /** `http_status_code()`: Overloaded 503, RateLimited 429, OperationalInternalServerError 500. */
  readonly status: number;
  /** `short_msg`: the body's `code`, and the close reason (`close_frame()`). */
  readonly code: string;
  /** `msg`, the body's `message`. */
  readonly message: (kind: FunctionKind) => string;
  /** `close_frame()`: 1013 "try again later" for Overloaded/RateLimited, 1011 for internal errors. */
  readonly closeCode: 1011 | 1013;
}

const SYSTEM_ERRORS: Readonly<Record<TransientFaultKind, SystemError>> = {
  // crates/isolate/src/metrics.rs, ExecuteQueueFull (rejected_before_execution).
  overloaded: {
    status: 503,
    code: "ExecuteFullError",
    message: () =>
      "Too many concurrent requests in a short period of time. Spread out your requests out over time or throttle them to avoid errors.",
    closeCode: 1013,
  },
  // crates/errors/src/lib.rs, ErrorMetadata::service_unavailable (code Overloaded).
  unavailable: {
    status: 503,
    code: "ServiceUnavailable",
    message: () => "Service temporarily unavailable",
    closeCode: 1013,
  },
  // crates/errors/src/lib.rs, operational_internal_server_error (INTERNAL_SERVER_ERROR_MSG):
  // also what an internal error without metadata becomes.
  try_again_later: {
    status: 500,
    code: "InternalServerError",
    message: () => "Your request couldn't be completed. Try again later.",
    closeCode: 1011,
  },
  // crates/application/src/application_function_runner/mod.rs, rate_limited. Convex sends no
  // Retry-After header with it.
  rate_limited: {
    status: 429,
    code: "TooManyConcurrentRequests",
    message: (kind) =>
      `Too many concurrent requests. Your backend is limited to 16 concurrent ${kind}s. To get more resources, upgrade to Convex Pro. If you are already on Convex Pro, please contact support.`,
    closeCode: 1013,
  },
};

/** What a deployment sends for one system error, over HTTP and over the sync protocol. */
export interface SystemErrorAnswer {
  /** The HTTP API's status and `{code, message}` body. */
  readonly status: number;
  readonly body: { readonly code: string; readonly message: string };
  /**
   * A deployment's sync worker stops on a system error and closes the socket with the error's
   * close frame (`crates/local_backend/src/subs/mod.rs`): no call fails. The official client
   * backs off by the reason (`serverDisconnectErrors` in
   * `convex/src/browser/sync/web_socket_manager.ts`), reconnects and re-sends its mutations.
   */
  readonly close: SocketClose;
}

/** An injected error: a system error, or a bug (a failed call, like any function failure). */
export type InjectedFault =
  | { readonly systemError: SystemErrorAnswer; readonly outcome?: undefined }
  | { readonly outcome: FunctionOutcome; readonly systemError?: undefined };

/** How a deployment answers a call of `functionKind` that failed with the injected `kind`. */
export function injectedFault(kind: FaultErrorKind, functionKind: FunctionKind): InjectedFault {
  if (!isTransientFault(kind)) {
    return {
      outcome: {
        success: false,
        // A function that threw an Error, as a development deployment reports it
        // (RedactedJsError, crates/application/src/redaction.rs).
        errorMessage: serverErrorMessage(
          newRequestId(),
          "Uncaught Error: a bug injected by the local backend's faults",
        ),
        logLines: [],
      },
    };
  }
  const { status, code, message, closeCode } = SYSTEM_ERRORS[kind];
  return {
    systemError: {
      status,
      body: { code, message: message(functionKind) },
      close: { code: closeCode, reason: code },
    },
  };
}
