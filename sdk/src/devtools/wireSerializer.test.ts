import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { HttpStatusError } from "../errors/HttpStatusError.js";
import { classifyError } from "../errors/index.js";
import { createRedactor } from "../telemetry/redact.js";
import { PROTOCOL_LIMITS, validateMessage } from "./protocol.js";
import { callRecord } from "./test-support/fakeDevtoolsHost.js";
import { pageMessage } from "./test-support/wireFixtures.js";
import {
  toWireAttributes,
  toWireBreakers,
  toWireCall,
  toWireMetrics,
  toWireSpan,
} from "./wireSerializer.js";

const redactor = createRedactor();

describe("the wire serializer", () => {
  it("produces call items the validator accepts as they are", () => {
    const item = toWireCall(
      callRecord({
        events: Array.from({ length: 300 }, (_, i) => ({
          name: "convex.log",
          at: i,
          attributes: { text: `line ${i}` },
        })),
        resultPreview: "r".repeat(PROTOCOL_LIMITS.maxTextLength + 10),
      }),
      7,
      redactor,
    );
    const result = validateMessage(pageMessage([item]));
    expect(result.ok && result.droppedItems).toBe(0);
    expect(item.events).toHaveLength(PROTOCOL_LIMITS.maxEvents);
    expect(item.resultPreview).toHaveLength(PROTOCOL_LIMITS.maxTextLength);
  });

  it("carries a call's server spans, and the validator drops a malformed one without the call", () => {
    const item = toWireCall(
      callRecord({
        serverSpans: [
          {
            spanId: "1111111111111111",
            name: "mutation tasks:create",
            kind: "server",
            startedAt: 1_000,
            durationMs: 4,
          },
          {
            spanId: "2222222222222222",
            parentSpanId: "1111111111111111",
            name: "db.query tasks",
            kind: "client",
            startedAt: 1_001,
            durationMs: 0,
            attributes: { "db.collection.name": "tasks", "convex.db.count": 3 },
          },
        ],
      }),
      8,
      redactor,
    );
    const result = validateMessage(pageMessage([item]));
    expect(result.ok && result.message).toMatchObject({
      batch: [{ serverSpans: item.serverSpans }],
    });
    const hostile = {
      ...item,
      serverSpans: [{ spanId: "x", name: "<img>", kind: "evil" }, item.serverSpans?.[0]],
    };
    const read = validateMessage(pageMessage([hostile]));
    expect(read.ok && read.droppedItems).toBe(0);
    expect(read.ok && read.message).toMatchObject({
      batch: [{ serverSpans: [item.serverSpans?.[0]] }],
    });
  });

  it("keeps a __proto__ attribute key as a plain key, never as a prototype", () => {
    const attributes = JSON.parse('{"__proto__":["x"],"fn":"ok"}');
    const wire = toWireAttributes({ ...attributes, skip: () => 1, nested: { a: 1 } });
    expect(Object.getPrototypeOf(wire)).toBeNull();
    expect(Object.keys(wire).sort()).toEqual(["__proto__", "fn"]);
  });

  it("never reports more errors than calls, or an error rate outside [0, 1]", () => {
    const { functions } = toWireMetrics(
      [
        { functionPath: "a:b", kind: "query", count: 2, errors: 5, p50: Number.NaN },
        { functionPath: "a:c", kind: "mutation", count: 0, errors: 0 },
      ],
      1,
    );
    expect(functions.map((f) => [f.errors, f.errorRate, f.p50])).toEqual([
      [2, 1, null],
      [0, 0, null],
    ]);
  });

  it("redacts error text and the app's spans: messages, user messages, attempts, attributes, events", () => {
    const raw = new ConvexError({ code: "BAD_LOGIN", sessionToken: "tok-secret" });
    raw.message = `Uncaught ConvexError: ${JSON.stringify(raw.data)}`;
    const call = toWireCall(
      callRecord({
        error: classifyError(raw),
        attempts: 2,
        attemptDetails: [
          {
            attempt: 1,
            startedAt: 1,
            durationMs: 1,
            error: { code: "NETWORK", message: "x?token=tok-secret" },
          },
        ],
      }),
      1,
      redactor,
    );
    const span = toWireSpan(
      {
        name: "GET /api",
        kind: 2,
        spanContext: () => ({ traceId: "a".repeat(32), spanId: "b".repeat(16) }),
        startTime: [1, 0],
        duration: [0, 1_000],
        status: { code: 2, message: "failed with Bearer tok-secret-123456" },
        attributes: {
          "http.url": "https://x.test/?api_key=tok-secret",
          authorization: "tok-secret",
        },
        events: [
          {
            name: "exception",
            time: [1, 0],
            attributes: { "exception.message": "password=tok-secret" },
          },
        ],
      },
      2,
      redactor,
    );
    expect(JSON.stringify([call, span])).not.toContain("tok-secret");
    expect(call.error?.message).toContain("BAD_LOGIN");
  });
  it("says an error's HTTP status came from the server only when an answer carried it", () => {
    const errorOf = (raw: unknown) =>
      toWireCall(callRecord({ error: classifyError(raw) }), 1, redactor).error;
    // A proxy's 503 page, rejected by the instrumented fetch with its status.
    expect(errorOf(new HttpStatusError("<html>Service Unavailable</html>", 503))).toMatchObject({
      httpStatus: 503,
      httpStatusFromServer: true,
    });
    // A WebSocket reply has no status: the same code's catalog status is not the server's.
    const overloaded = errorOf(new Error("Server is overloaded, please try again later"));
    expect(overloaded?.httpStatus).toBe(503);
    expect(overloaded?.httpStatusFromServer).toBe(false);
    expect(errorOf(new Error("[Request ID: abc] Server Error"))?.httpStatusFromServer).toBe(false);
  });
  it("sends a breaker's window and refusals when the host knows them, and neither when it does not", () => {
    const snapshot = (scope: string) => ({
      scope,
      state: "open" as const,
      failures: 3,
      calls: 4,
      slowCalls: 0,
      windowMs: 30_000,
      isolated: false,
      halfOpenInFlight: 0,
    });
    const item = toWireBreakers(
      [snapshot("tasks:send"), snapshot("https://x.convex.cloud"), snapshot("older:host")],
      1,
      (scope) =>
        scope === "tasks:send"
          ? { windowMs: 10_000, refuses: { query: true, mutation: true, action: false } }
          : scope === "https://x.convex.cloud"
            ? { windowMs: 5_000 }
            : null,
    );
    expect(item.breakers.map((b) => [b.windowMs, b.refuses])).toEqual([
      [10_000, { query: true, mutation: true, action: false }],
      [5_000, undefined],
      [undefined, undefined],
    ]);
    expect(item.breakers[1]).not.toHaveProperty("refuses");
    const result = validateMessage(pageMessage([item]));
    expect(result.ok && result.droppedItems).toBe(0);
  });
});
