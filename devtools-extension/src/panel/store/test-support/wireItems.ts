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

/**
 * A subscription that failed twice, then waited 70 ms for the socket and answered 25 ms later:
 * 665 ms from `startedAt` in all (the SDK's ground truth:
 * sdk/src/instrument/subscriptionHub.firstResult.test.ts).
 */
export function retriedSubscriptionCall(seq: number, startedAt: number): WireCall {
  const failed = { code: "NETWORK", message: "fetch failed" };
  return wireCall(seq, {
    subscription: true,
    startedAt,
    durationMs: 665,
    connectMs: 70,
    functionMs: 25,
    attempts: 3,
    attemptDetails: [
      { attempt: 1, startedAt, durationMs: 230, error: failed },
      { attempt: 2, startedAt: startedAt + 330, durationMs: 40, error: failed },
      { attempt: 3, startedAt: startedAt + 570, durationMs: 95, error: null },
    ],
  });
}
