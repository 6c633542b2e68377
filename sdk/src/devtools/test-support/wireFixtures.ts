import { PAGE_SOURCE, PROTOCOL_VERSION, type WireCall, type WireItem } from "../protocol.js";

/** A valid call item; override any field. */
export function wireCall(overrides: Partial<WireCall> = {}): WireCall {
  return {
    type: "call",
    seq: 1,
    name: "query messages:list",
    functionPath: "messages:list",
    kind: "query",
    transport: "websocket",
    serverAddress: "127.0.0.1:3210",
    startedAt: 1_700_000_000_000,
    durationMs: 12.5,
    attempts: 2,
    attemptDetails: [
      {
        attempt: 1,
        startedAt: 1_700_000_000_000,
        durationMs: 3,
        error: { code: "SERVER_ERROR", message: "boom" },
      },
      { attempt: 2, startedAt: 1_700_000_000_008, durationMs: 4.5, error: null },
    ],
    events: [
      {
        name: "convex.retry",
        at: 1_700_000_000_003,
        attributes: { "convex.retry.attempt": 1, delay: 5 },
      },
      { name: "convex.log", at: 1_700_000_000_010, attributes: { level: "log", text: "hello" } },
    ],
    error: null,
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    faultInjected: false,
    subscription: false,
    ...overrides,
  };
}

/** One of every kind of batch item, all valid. */
export function everyWireItem(): WireItem[] {
  return [
    wireCall(),
    wireCall({
      seq: 2,
      kind: "mutation",
      name: "mutation messages:send",
      functionPath: "messages:send",
      attempts: 1,
      attemptDetails: [],
      error: {
        code: "SERVER_ERROR",
        message: "[Request ID: abc] Server Error",
        userMessage: "Something went wrong on our side. Please try again.",
        httpStatus: 500,
        retryable: true,
        requestId: "abc",
      },
      argsPreview: '{"body":"hi"}',
    }),
    {
      type: "span",
      seq: 3,
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "00f067aa0ba902b7",
      parentSpanId: "b7ad6b7169203331",
      name: "GET /avatar.png",
      spanKind: "client",
      startedAt: 1_700_000_000_001,
      durationMs: 40,
      status: "ok",
      scope: "@opentelemetry/instrumentation-fetch",
      attributes: { "http.method": "GET", "http.status_code": 200, tags: ["a", "b"] },
      events: [],
    },
    {
      type: "breaker",
      seq: 4,
      scope: "messages:send",
      from: "closed",
      to: "open",
      reason: "isolated",
      at: 1_700_000_000_020,
    },
    {
      type: "breakers",
      at: 1_700_000_000_021,
      breakers: [
        {
          scope: "messages:send",
          state: "open",
          failures: 3,
          calls: 4,
          slowCalls: 0,
          openedAt: 1_700_000_000_020,
          isolated: true,
          halfOpenInFlight: 0,
        },
      ],
    },
    {
      type: "health",
      seq: 5,
      status: "degraded",
      previous: "healthy",
      at: 1_700_000_000_022,
      live: true,
      ready: true,
      checks: [
        {
          name: "error_rate",
          status: "degraded",
          value: 0.03,
          threshold: 0.01,
          message: "3% of calls failed",
        },
        {
          name: "query_latency",
          status: "degraded",
          value: 420,
          threshold: 300,
          message: "p95 query latency 420 ms is above 300 ms.",
          details: { calls: 40, avgMs: 80, p95Ms: 420, statistic: "p95" },
        },
      ],
    },
    {
      type: "metrics",
      at: 1_700_000_000_023,
      functions: [
        {
          functionPath: "messages:list",
          kind: "query",
          count: 10,
          errors: 1,
          errorRate: 0.1,
          p50: 5,
          p95: 20,
          p99: 30,
          mean: 7,
        },
      ],
    },
    { type: "connection", seq: 6, at: 1_700_000_000_024, online: true, connected: false },
    {
      type: "faults",
      seq: 7,
      at: 1_700_000_000_025,
      config: { latencyMs: 200, errorRate: 0.5, error: "network" },
    },
    {
      type: "session",
      sessionId: "s-1",
      startedAt: 1_700_000_000_000,
      url: "http://127.0.0.1:5173/",
      sdkVersion: "0.1.0",
      commandsAllowed: true,
      bufferSize: 2000,
      dropped: 0,
    },
    {
      type: "unattributedLog",
      seq: 8,
      at: 1_700_000_000_026,
      kind: "mutation",
      functionPath: "tasks:create",
      level: "LOG",
      text: "'no call said this' 1",
    },
    {
      type: "subscriptions",
      at: 1_700_000_000_027,
      total: 1,
      subscriptions: [
        {
          id: "s1",
          functionPath: "tasks:list",
          args: '{"listId":"l1"}',
          state: "live",
          subscribedAt: 1_700_000_000_001,
          firstResult: { at: 1_700_000_000_041, connectMs: 12, functionMs: 28 },
          listeners: 2,
          updates: 3,
          lastUpdateAt: 1_700_000_000_090,
          result: "[3 items]",
          logs: ["[LOG] 'listed'"],
          page: { numItems: 10, first: true },
          history: [{ at: 1_700_000_000_041, event: "firstResult" }],
        },
      ],
    },
    {
      type: "inflight",
      at: 1_700_000_000_028,
      total: 2,
      calls: [
        {
          id: "f1",
          functionPath: "tasks:create",
          kind: "mutation",
          transport: "websocket",
          startedAt: 1_700_000_000_010,
          attempt: 1,
          waitingFor: "socket",
        },
        {
          id: "f2",
          functionPath: "tasks:list",
          kind: "query",
          transport: "http",
          startedAt: 1_700_000_000_020,
          attempt: 2,
        },
      ],
    },
    { type: "result", id: "c-1", ok: false, error: { code: "COMMANDS_DISABLED", message: "no" } },
  ];
}

/** A page message around `batch`. */
export function pageMessage(batch: unknown[], session = "s-1"): Record<string, unknown> {
  return { source: PAGE_SOURCE, v: PROTOCOL_VERSION, session, batch };
}
