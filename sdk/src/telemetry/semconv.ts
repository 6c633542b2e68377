/**
 * Attribute and event names, kept in one place as OpenTelemetry JS does with its semconv constants.
 * Standard names follow the OTel RPC semantic conventions; `convex.*` names are ours (DESIGN.md).
 */

/** Always "convex": identifies the RPC system for trace backends. */
export const ATTR_RPC_SYSTEM_NAME = "rpc.system.name";
/** The function path, `module:function`. */
export const ATTR_RPC_METHOD = "rpc.method";
/** Host of the Convex deployment the call went to, without the port. */
export const ATTR_SERVER_ADDRESS = "server.address";
/** Port of the Convex deployment, when its URL names one. */
export const ATTR_SERVER_PORT = "server.port";
/** The taxonomy code of a failed call. */
export const ATTR_ERROR_TYPE = "error.type";

/** "query" | "mutation" | "action". */
export const ATTR_CONVEX_FUNCTION_KIND = "convex.function.kind";
/** "websocket" | "http". */
export const ATTR_CONVEX_TRANSPORT = "convex.transport";
/** The request id a failure carried, to find the call in Convex's own logs. */
export const ATTR_CONVEX_REQUEST_ID = "convex.request_id";
/** Attempt number of an attempt span, counting from 1. */
export const ATTR_CONVEX_RETRY_ATTEMPT = "convex.retry.attempt";
/** Span event attribute of a retry: how long the SDK waits before the next attempt, in ms. */
export const ATTR_CONVEX_RETRY_DELAY_MS = "convex.retry.delay_ms";
/** Total attempts a logical call made. */
export const ATTR_CONVEX_ATTEMPTS = "convex.attempts";
/** The breaker's state when the call was admitted or refused. */
export const ATTR_CONVEX_BREAKER_STATE = "convex.breaker.state";
/** True when the SDK's own fault injection shaped this call. */
export const ATTR_CONVEX_FAULT_INJECTED = "convex.fault_injected";
/** True for a subscription span (subscribe → first result). */
export const ATTR_CONVEX_SUBSCRIPTION = "convex.subscription";
/**
 * Of a call's duration, ms its settling attempt spent with the WebSocket not connected (a cold
 * connect, a reconnect, a drop while it was in flight): the connection's time, not the function's.
 */
export const ATTR_CONVEX_CONNECTION_WAIT_MS = "convex.connection.wait_ms";
/**
 * The function's own latency in ms (CallRecord.functionMs): the settling attempt's time without the
 * socket wait. Absent when it is the span's duration, or when nothing timed it (a refused call).
 */
export const ATTR_CONVEX_FUNCTION_DURATION_MS = "convex.function.duration_ms";
/**
 * On a traced function's execution span (end-to-end traces): ms its server times were moved to sit
 * inside the attempt that received them (the server's clock is not the browser's).
 */
export const ATTR_CONVEX_LENS_CLOCK_SHIFT_MS = "convex.lens.clock_shift_ms";
/** True on a call that failed at least once and recovered (a retry or a breaker probe masked it). */
export const ATTR_CONVEX_RECOVERED = "convex.recovered";
/** True on a subscription's span for a failure after its first result. */
export const ATTR_CONVEX_AFTER_FIRST_RESULT = "convex.subscription.after_first_result";
/** Redacted, truncated preview of the arguments, when capture is on. */
export const ATTR_CONVEX_ARGS = "convex.args";
/** Redacted, truncated preview of the result, when capture is on. */
export const ATTR_CONVEX_RESULT = "convex.result";
/** The app's own `ConvexError` code, when it is not one of the taxonomy's. */
export const ATTR_CONVEX_APP_ERROR_CODE = "convex.error.app_code";

/** Span event: a retry is about to wait and try again. */
export const EVENT_RETRY = "convex.retry";
/** Span event: a breaker changed state during this call. */
export const EVENT_BREAKER_TRANSITION = "convex.breaker.transition";
/** Span event: a server log line (`console.*` inside the function). */
export const EVENT_SERVER_LOG = "convex.log";
/** Span event: the call waited for the browser to come back online. */
export const EVENT_WAIT_ONLINE = "convex.wait_online";

/** Span event of a failure, in the shape of OTel's `span.recordException` (without the stack). */
export const EVENT_EXCEPTION = "exception";
/** Attribute of the exception event: the error's class, e.g. "OverloadedError". */
export const ATTR_EXCEPTION_TYPE = "exception.type";
/** Attribute of the exception event: the error's message, redacted. */
export const ATTR_EXCEPTION_MESSAGE = "exception.message";

/** Span event: an auth failure, recorded as a security audit event (also in `lens.auditLog()`). */
export const EVENT_SECURITY_AUDIT = "convex.security.audit";
/** Attribute of the audit event: "auth.unauthenticated" or "auth.forbidden". */
export const ATTR_AUDIT_TYPE = "convex.audit.type";

/** Value of `rpc.system.name`. */
export const RPC_SYSTEM_CONVEX = "convex";
