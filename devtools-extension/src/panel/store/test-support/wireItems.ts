import type { WireCall, WireError } from "@convex-lens/sdk/devtools-protocol";

/** A valid call item; override any field. */
export function wireCall(seq: number, extra: Partial<WireCall> = {}): WireCall {
  return {
    type: "call",
    seq,
    name: `query ${extra.functionPath ?? "messages:list"}`,
    functionPath: "messages:list",
    kind: "query",
    transport: "websocket",
    serverAddress: "127.0.0.1:3210",
    startedAt: 1_700_000_000_000 + seq * 10,
    durationMs: 5,
    attempts: 1,
    attemptDetails: [],
    events: [],
    error: null,
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    faultInjected: false,
    subscription: false,
    ...extra,
  };
}

/** A typed error of `code`. */
export function wireError(code: string, extra: Partial<WireError> = {}): WireError {
  return {
    code,
    message: `${code} happened`,
    userMessage: "Something went wrong on our side. Please try again.",
    httpStatus: 500,
    retryable: true,
    ...extra,
  };
}
