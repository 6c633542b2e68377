import type { WireCall, WireSpan } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { toCallEntry } from "./callEntry";
import { nanos, OTLP_SPAN_KIND, OTLP_STATUS, toOtlpDocument } from "./otlpExport";
import { ImportError, importOtlp, MAX_IMPORT_CHARS } from "./otlpImport";
import type { SpanEntry } from "./panelStore";
import { wireCall, wireError } from "./test-support/wireItems";

const retried = toCallEntry(
  wireCall(1, {
    kind: "mutation",
    name: "mutation messages:send",
    functionPath: "messages:send",
    startedAt: 1_700_000_000_000.5,
    durationMs: 250,
    attempts: 2,
    attemptDetails: [
      {
        attempt: 1,
        startedAt: 1_700_000_000_000.5,
        durationMs: 40,
        error: { code: "SERVER_ERROR", message: "boom" },
      },
      {
        attempt: 2,
        startedAt: 1_700_000_000_200,
        durationMs: 50,
        error: { code: "SERVER_ERROR", message: "boom again" },
      },
    ],
    events: [
      {
        name: "convex.retry",
        at: 1_700_000_000_041,
        attributes: { "convex.retry.attempt": 1, "convex.retry.delay_ms": 159 },
      },
      {
        name: "convex.log",
        at: 1_700_000_000_230,
        attributes: { level: "error", text: "<img src=x onerror=alert(1)>" },
      },
    ],
    error: wireError("SERVER_ERROR", { requestId: "req-1", appCode: "QUOTA" }),
    traceId: "00000000000000000000000000000000",
    spanId: "0000000000000000",
    argsPreview: '{"body":"[REDACTED]"}',
  }),
  "session-1",
  null,
  1,
);
const ok = toCallEntry(wireCall(2, { subscription: true }), "session-1", null, 2);
const fetchSpan: SpanEntry = {
  type: "span",
  seq: 3,
  id: 1,
  session: "session-1",
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "00f067aa0ba902b7",
  name: "GET /avatar.png",
  spanKind: "client",
  startedAt: 1_700_000_000_100,
  durationMs: 12,
  status: "error",
  statusMessage: "404",
  scope: "@opentelemetry/instrumentation-fetch",
  attributes: { "http.status_code": 404, tags: ["a", "b"] } as WireSpan["attributes"],
  events: [],
};
const session = {
  type: "session" as const,
  sessionId: "session-1",
  startedAt: 1,
  url: "http://127.0.0.1:5173/",
  sdkVersion: "0.1.0",
  commandsAllowed: true,
  bufferSize: 2000,
  dropped: 0,
};

describe("OTLP/JSON export", () => {
  const document = toOtlpDocument([retried, ok], [fetchSpan], [session]);
  const scopes = document.resourceSpans[0]?.scopeSpans ?? [];
  const sdkSpans = scopes.find((s) => s.scope.name === "@convex-lens/sdk")?.spans ?? [];

  it("writes one resource per session with the SDK's scope and the page's other scopes", () => {
    expect(document.resourceSpans).toHaveLength(1);
    expect(scopes.map((s) => s.scope.name)).toEqual([
      "@convex-lens/sdk",
      "@opentelemetry/instrumentation-fetch",
    ]);
    expect(document.resourceSpans[0]?.resource.attributes).toContainEqual({
      key: "convex_lens.session.id",
      value: { stringValue: "session-1" },
    });
  });

  it("writes valid ids (hex, not all zero), nanosecond strings and numeric enums", () => {
    const [logical, attempt1] = sdkSpans;
    expect(logical?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(logical?.traceId).not.toMatch(/^0+$/);
    expect(logical?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(attempt1?.parentSpanId).toBe(logical?.spanId);
    expect(logical?.status).toEqual({ code: OTLP_STATUS.error, message: "SERVER_ERROR happened" });
    expect(logical?.startTimeUnixNano).toBe("1700000000000500000");
    expect(nanos(1.25)).toBe("1250000");
  });

  it("writes one CLIENT span per request: a retried call is the INTERNAL parent of its attempts", () => {
    const [logical, attempt1, attempt2] = sdkSpans;
    expect(logical?.kind).toBe(OTLP_SPAN_KIND.internal);
    expect(attempt1?.kind).toBe(OTLP_SPAN_KIND.client);
    expect(attempt2?.kind).toBe(OTLP_SPAN_KIND.client);
    // The call sent once is its request's CLIENT span, with no attempt children.
    const sentOnce = sdkSpans.slice(3);
    expect(sentOnce.map((span) => span.kind)).toEqual([OTLP_SPAN_KIND.client]);
  });

  it("carries the SDK's attribute names, every attempt as a child span, and events", () => {
    const [logical, , attempt2] = sdkSpans;
    expect(logical?.attributes).toEqual(
      expect.arrayContaining([
        { key: "rpc.system.name", value: { stringValue: "convex" } },
        { key: "rpc.method", value: { stringValue: "messages:send" } },
        { key: "convex.function.kind", value: { stringValue: "mutation" } },
        { key: "convex.attempts", value: { intValue: "2" } },
        { key: "error.type", value: { stringValue: "SERVER_ERROR" } },
        { key: "convex.request_id", value: { stringValue: "req-1" } },
      ]),
    );
    expect(attempt2?.attributes).toContainEqual({
      key: "convex.retry.attempt",
      value: { intValue: "2" },
    });
    expect(logical?.events.map((e) => e.name)).toEqual(["convex.retry", "convex.log"]);
    expect(sdkSpans).toHaveLength(4);
  });

  it("is the same file for the same session (derived ids are stable)", () => {
    expect(JSON.stringify(toOtlpDocument([retried, ok], [fetchSpan], [session]))).toBe(
      JSON.stringify(document),
    );
  });
});

describe("OTLP/JSON export of URLs", () => {
  const secretSession = {
    ...session,
    url: "https://app.example/board?invite=abc#access_token=xyz",
  };
  const secretSpan: SpanEntry = {
    ...fetchSpan,
    attributes: {
      "url.full": "https://api.example/v1/items?key=sk_live_123#frag",
      "http.url": "https://api.example/v1/items?key=sk_live_123",
      "url.query": "key=sk_live_123",
      "url.fragment": "frag",
      "http.status_code": 404,
    },
    events: [{ name: "redirect", at: 1, attributes: { "url.full": "https://x.example/?t=1" } }],
  };
  const exported = (fullUrls?: boolean) =>
    JSON.stringify(toOtlpDocument([ok], [secretSpan], [secretSession], { fullUrls }));

  it("drops query strings and fragments by default, from the page and from every span", () => {
    const text = exported();
    for (const secret of ["invite=abc", "access_token", "sk_live_123", "frag", "t=1"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"https://app.example/board"');
    expect(text).toContain('"https://api.example/v1/items"');
    expect(text).toContain('"http.status_code"');
  });

  it("keeps whole URLs when the user asks for them", () => {
    const text = exported(true);
    expect(text).toContain("https://app.example/board?invite=abc#access_token=xyz");
    expect(text).toContain('"url.query"');
  });
});

describe("OTLP/JSON import", () => {
  it("reads back what the panel exported: calls with attempts, errors, events and spans", () => {
    const text = JSON.stringify(toOtlpDocument([retried, ok], [fetchSpan], [session]));
    const result = importOtlp(text, "trace.json");
    expect(result).toMatchObject({ calls: 2, spans: 1, skipped: 0 });
    const items = result.batches.flatMap((b) => b.items);
    const call = items.find((i) => i.type === "call" && i.functionPath === "messages:send");
    expect(call).toMatchObject({
      kind: "mutation",
      attempts: 2,
      durationMs: 250,
      error: {
        code: "SERVER_ERROR",
        requestId: "req-1",
        appCode: "QUOTA",
        retryable: true,
        httpStatus: 500,
      },
      argsPreview: '{"body":"[REDACTED]"}',
    });
    if (call?.type !== "call") throw new Error("no call");
    expect(call.attemptDetails.map((a) => [a.attempt, a.error?.code])).toEqual([
      [1, "SERVER_ERROR"],
      [2, "SERVER_ERROR"],
    ]);
    expect(call.events[1]?.attributes?.text).toBe("<img src=x onerror=alert(1)>");
    expect(items.find((i) => i.type === "span")).toMatchObject({
      name: "GET /avatar.png",
      status: "error",
      spanKind: "client",
    });
    expect(result.batches[0]?.session).toBe("trace.json:session-1");
  });

  it("reads a plain OTLP export from another tool as spans", () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "shop" } }] },
          scopeSpans: [
            {
              scope: { name: "manual" },
              spans: [
                {
                  traceId: "5b8efff798038103d269b633813fc60c",
                  spanId: "eee19b7ec3c1b174",
                  name: "checkout",
                  kind: "SPAN_KIND_SERVER",
                  startTimeUnixNano: "1544712660000000000",
                  endTimeUnixNano: "1544712661000000000",
                  attributes: [{ key: "n", value: { intValue: 3 } }],
                  status: { code: "STATUS_CODE_OK" },
                },
              ],
            },
          ],
        },
      ],
    });
    const [span] = importOtlp(text).batches[0]?.items ?? [];
    expect(span).toMatchObject({
      type: "span",
      name: "checkout",
      spanKind: "server",
      durationMs: 1000,
      status: "ok",
      scope: "manual",
      attributes: { n: 3 },
    });
  });

  it("refuses files that are not JSON, not OTLP, or too large", () => {
    expect(() => importOtlp("{nope")).toThrow(ImportError);
    expect(() => importOtlp('{"hello":1}')).toThrowError(/not an OTLP/);
    expect(() => importOtlp(" ".repeat(MAX_IMPORT_CHARS + 1))).toThrowError(/over/);
  });

  it("keeps hostile content as plain, capped data", () => {
    const hostile = JSON.parse(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: "t",
                    spanId: "s",
                    name: "x".repeat(100_000),
                    attributes: [{ key: "__proto__", value: { stringValue: "polluted" } }],
                  },
                  {
                    traceId: "t",
                    spanId: "s2",
                    name: "<script>alert(1)</script>",
                    startTimeUnixNano: "-5",
                  },
                  "not a span",
                ],
              },
            ],
          },
        ],
      }).replace('"attributes"', '"__proto__":{"polluted":true},"attributes"'),
    );
    const result = importOtlp(JSON.stringify(hostile));
    const items = result.batches.flatMap((b) => b.items);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: "<script>alert(1)</script>", startedAt: 0 });
    expect(result.skipped).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("OTLP/JSON export of server spans", () => {
  const traced = (attemptDetails: WireCall["attemptDetails"] = []) =>
    toCallEntry(
      wireCall(5, {
        name: "mutation notes:add",
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId: "00f067aa0ba902b7",
        startedAt: 1_700_000_000_000,
        durationMs: 80,
        attempts: attemptDetails?.length || 1,
        attemptDetails,
        serverSpans: [
          {
            spanId: "a1a1a1a1a1a1a1a1",
            name: "mutation notes:add",
            kind: "server",
            startedAt: 1_700_000_000_020,
            durationMs: 30,
            attributes: { "convex.function.kind": "mutation" },
          },
          {
            spanId: "b2b2b2b2b2b2b2b2",
            parentSpanId: "a1a1a1a1a1a1a1a1",
            name: "db.insert notes",
            kind: "internal",
            startedAt: 1_700_000_000_030,
            durationMs: 0,
            attributes: { "db.collection.name": "notes" },
          },
          {
            spanId: "c3c3c3c3c3c3c3c3",
            parentSpanId: "a1a1a1a1a1a1a1a1",
            name: "runQuery notes:count",
            kind: "client",
            startedAt: 1_700_000_000_031,
            durationMs: 5,
            error: "Error",
          },
        ],
      }),
      "session-1",
      null,
      5,
    );
  const spansOf = (entry: ReturnType<typeof traced>) =>
    toOtlpDocument([entry], [], []).resourceSpans[0]?.scopeSpans[0]?.spans ?? [];

  it("puts the function's execution under the call's CLIENT span, and its children under it", () => {
    const spans = spansOf(traced());
    const byName = (name: string) =>
      spans.find((s) => s.name === name && s.spanId !== "00f067aa0ba902b7");
    const client = spans.find((s) => s.spanId === "00f067aa0ba902b7");
    const execution = byName("mutation notes:add");
    expect(client?.kind).toBe(OTLP_SPAN_KIND.client);
    expect(execution).toMatchObject({
      kind: OTLP_SPAN_KIND.server,
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentSpanId: "00f067aa0ba902b7",
      startTimeUnixNano: nanos(1_700_000_000_020),
      endTimeUnixNano: nanos(1_700_000_000_050),
    });
    expect(byName("db.insert notes")).toMatchObject({
      kind: OTLP_SPAN_KIND.internal,
      parentSpanId: execution?.spanId,
      attributes: [{ key: "db.collection.name", value: { stringValue: "notes" } }],
    });
    expect(byName("runQuery notes:count")).toMatchObject({
      kind: OTLP_SPAN_KIND.client,
      parentSpanId: execution?.spanId,
      status: { code: OTLP_STATUS.error, message: "Error" },
    });
  });

  it("puts them under the last attempt of a retried call, the one that was answered", () => {
    const spans = spansOf(
      traced([
        {
          attempt: 1,
          startedAt: 1_700_000_000_000,
          durationMs: 10,
          error: { code: "NETWORK", message: "x" },
        },
        { attempt: 2, startedAt: 1_700_000_000_015, durationMs: 60, error: null },
      ]),
    );
    const last = spans.find((s) => s.name === "mutation notes:add attempt 2");
    const execution = spans.find((s) => s.kind === OTLP_SPAN_KIND.server);
    expect(execution?.parentSpanId).toBe(last?.spanId);
  });
});
