import { type ErrorCode, LensError } from "../../errors/index.js";
import { type CallRecord, NO_ATTEMPTS, NO_EVENTS } from "../callRecord.js";

/** A LensError with `code`, as the classifier would have produced it. */
export function failure(code: ErrorCode, message?: string): LensError {
  return new LensError(code, message === undefined ? {} : { message });
}

let nextSpan = 1;

/** A finished call; a successful 10 ms query of `messages:list` unless told otherwise. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const span = (nextSpan++).toString(16).padStart(16, "0");
  const functionPath = overrides.functionPath ?? "messages:list";
  const kind = overrides.kind ?? "query";
  return {
    name: `${kind} ${functionPath}`,
    functionPath,
    kind,
    transport: "websocket",
    serverAddress: "127.0.0.1",
    startedAt: 1_700_000_000_000,
    durationMs: 10,
    attempts: 1,
    attemptDetails: NO_ATTEMPTS,
    events: NO_EVENTS,
    error: null,
    traceId: `${"0".repeat(16)}${span}`,
    spanId: span,
    faultInjected: false,
    subscription: false,
    ...overrides,
  };
}
