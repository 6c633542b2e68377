import { describe, expect, it } from "vitest";
import { readFaultConfig, readItem } from "./protocolItems.js";
import { Reader } from "./protocolReader.js";
import { PROTOCOL_LIMITS, type WireCall, type WireHealth, type WireItem } from "./protocolTypes.js";
import { everyWireItem, wireCall } from "./test-support/wireFixtures.js";

/** The clean copies of the well-formed `items`, as a batch keeps them. */
function readItems(items: unknown[]): WireItem[] {
  const reader = new Reader(PROTOCOL_LIMITS.maxMessageWeight);
  return items.map((raw) => readItem(reader, raw)).filter((item) => item !== null);
}

describe("readItem", () => {
  it("reads every kind of item the bridge sends, unchanged", () => {
    const items = everyWireItem();
    const read = readItems(items);
    expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(items)));
  });

  it("leaves out a call whose identifier is over the cap, and cuts its free text", () => {
    const longPath = "m:".padEnd(PROTOCOL_LIMITS.maxIdLength + 1, "f");
    expect(readItems([wireCall({ functionPath: longPath })])).toEqual([]);
    const long = "x".repeat(PROTOCOL_LIMITS.maxTextLength * 3);
    const [call] = readItems([wireCall({ argsPreview: long })]) as WireCall[];
    expect(call?.argsPreview).toHaveLength(PROTOCOL_LIMITS.maxTextLength);
  });

  it("leaves out items that are not objects, or of a type it does not know", () => {
    expect(readItems([{ type: "call" }, 7, null, { type: "unknown" }, [wireCall()]])).toEqual([]);
  });

  it("keeps extra fields and prototype keys out of the clean copy", () => {
    const hostile = JSON.parse(
      '{"type":"call","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"extra":"<script>"}',
    );
    const item = { ...wireCall(), ...hostile, type: "call" };
    const [call] = readItems([item]) as WireCall[];
    expect(call).toBeDefined();
    expect(Object.keys(call as object)).not.toContain("extra");
    expect(Object.hasOwn(call as object, "__proto__")).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps at most the capped number of events, attempts and attributes", () => {
    const events = Array.from({ length: 1_000 }, (_, i) => ({ name: "convex.log", at: i }));
    const attempts = Array.from({ length: 1_000 }, (_, i) => ({
      attempt: i + 1,
      startedAt: i,
      durationMs: 1,
      error: null,
    }));
    const attributes = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const [call] = readItems([
      wireCall({
        events: [...events, { name: "e", at: 1, attributes }],
        attemptDetails: attempts,
      }),
    ]) as WireCall[];
    expect(call?.events).toHaveLength(PROTOCOL_LIMITS.maxEvents);
    expect(call?.attemptDetails).toHaveLength(PROTOCOL_LIMITS.maxAttempts);
    const [withAttributes] = readItems([
      wireCall({ events: [{ name: "e", at: 1, attributes }] }),
    ]) as WireCall[];
    expect(Object.keys(withAttributes?.events[0]?.attributes ?? {})).toHaveLength(
      PROTOCOL_LIMITS.maxAttributes,
    );
  });

  it("accepts an unattributed log line without a kind, and leaves out one with an unknown kind or no text", () => {
    const line = {
      type: "unattributedLog",
      seq: 1,
      at: 1,
      kind: null,
      functionPath: "a:b",
      level: "LOG",
      text: "<img src=x onerror=alert(1)>",
    };
    const batch = readItems([line, { ...line, kind: "subscription" }, { ...line, text: 7 }]);
    expect(batch).toEqual([line]);
  });

  it("keeps a subscriptions snapshot's valid subscriptions and leaves out a malformed one, never the snapshot", () => {
    const good = {
      id: "s1",
      functionPath: "tasks:list",
      state: "paused",
      subscribedAt: 1,
      listeners: 1,
      updates: 0,
      logs: ["<b>line</b>", 7],
      history: [
        { at: 2, event: "failure", code: "NETWORK" },
        { at: 3, event: "exploded" },
      ],
      firstResult: { at: 2, connectMs: -1, functionMs: 4 },
      page: { numItems: 10, first: "yes" },
    };
    const batch = readItems([
      {
        type: "subscriptions",
        at: 5,
        total: 3,
        subscriptions: [good, { ...good, id: "s2", state: "sleeping" }, "nope"],
      },
    ]);
    expect(batch).toEqual([
      {
        type: "subscriptions",
        at: 5,
        total: 3,
        subscriptions: [
          {
            id: "s1",
            functionPath: "tasks:list",
            state: "paused",
            subscribedAt: 1,
            listeners: 1,
            updates: 0,
            logs: ["<b>line</b>"],
            history: [{ at: 2, event: "failure", code: "NETWORK" }],
          },
        ],
      },
    ]);
  });

  it("keeps why a subscription is paused, and drops a hostile or misplaced reason but keeps the subscription", () => {
    const paused = {
      id: "s",
      functionPath: "a:b",
      state: "paused",
      subscribedAt: 1,
      listeners: 1,
      updates: 0,
    };
    const [item] = readItems([
      {
        type: "subscriptions",
        at: 1,
        total: 5,
        subscriptions: [
          { ...paused, id: "offline", pausedBy: "offline" },
          { ...paused, id: "socket", pausedBy: "disconnected" },
          { ...paused, id: "hostile", pausedBy: { toString: "offline" } },
          { ...paused, id: "unknown", pausedBy: "asleep" },
          { ...paused, id: "live", state: "live", pausedBy: "offline" },
          { ...paused, id: "older page" },
        ],
      },
    ]);
    const read = item?.type === "subscriptions" ? item.subscriptions : [];
    expect(read.map((s) => [s.id, s.state, s.pausedBy])).toEqual([
      ["offline", "paused", "offline"],
      ["socket", "paused", "disconnected"],
      ["hostile", "paused", undefined],
      ["unknown", "paused", undefined],
      ["live", "live", undefined],
      ["older page", "paused", undefined],
    ]);
  });

  it("keeps whether an error's status came from the server, and drops a hostile or statusless claim", () => {
    const error = {
      code: "OVERLOADED",
      message: "m",
      userMessage: "u",
      httpStatus: 503,
      retryable: true,
    };
    const call = wireCall();
    const errors = readItems([
      { ...call, seq: 1, error: { ...error, httpStatusFromServer: true } },
      { ...call, seq: 2, error: { ...error, httpStatusFromServer: false } },
      { ...call, seq: 3, error: { ...error, httpStatusFromServer: "yes" } },
      { ...call, seq: 4, error: { ...error, httpStatus: null, httpStatusFromServer: true } },
      { ...call, seq: 5, error },
    ]).map((item) => (item.type === "call" ? item.error : undefined));
    expect(errors.map((e) => [e?.httpStatus, e?.httpStatusFromServer])).toEqual([
      [503, true],
      [503, false],
      [503, undefined],
      [null, undefined],
      [503, undefined],
    ]);
  });

  it("keeps a breaker's window and refusals, and drops hostile ones but keeps the breaker", () => {
    const breaker = {
      scope: "tasks:send",
      state: "open",
      failures: 3,
      calls: 4,
      slowCalls: 0,
      isolated: false,
      halfOpenInFlight: 0,
    };
    const refuses = { query: true, mutation: false, action: false };
    const [item] = readItems([
      {
        type: "breakers",
        at: 1,
        breakers: [
          { ...breaker, scope: "a", windowMs: 10_000, refuses },
          { ...breaker, scope: "b", windowMs: -1, refuses: { query: true, mutation: "no" } },
          { ...breaker, scope: "c", windowMs: "30 s", refuses: [true, false, false] },
          { ...breaker, scope: "d", windowMs: 0, refuses: null },
          { ...breaker, scope: "older page" },
        ],
      },
    ]);
    const read = item?.type === "breakers" ? item.breakers : [];
    expect(read.map((b) => [b.scope, b.windowMs, b.refuses])).toEqual([
      ["a", 10_000, refuses],
      ["b", undefined, undefined],
      ["c", undefined, undefined],
      ["d", undefined, undefined],
      ["older page", undefined, undefined],
    ]);
  });

  it("reads at most the cap of subscriptions in one snapshot", () => {
    const one = {
      id: "s",
      functionPath: "a:b",
      state: "live",
      subscribedAt: 1,
      listeners: 1,
      updates: 0,
    };
    const subscriptions = Array.from({ length: PROTOCOL_LIMITS.maxSubscriptions + 5 }, (_, i) => ({
      ...one,
      id: `s${i}`,
    }));
    const [item] = readItems([{ type: "subscriptions", at: 1, total: 9, subscriptions }]);
    expect(item?.type === "subscriptions" && item.subscriptions.length).toBe(
      PROTOCOL_LIMITS.maxSubscriptions,
    );
  });

  it("keeps the well-formed calls in flight, leaves out a malformed one, and reads an unknown wait as unknown", () => {
    const good = {
      id: "f1",
      functionPath: "tasks:create",
      kind: "mutation",
      transport: "websocket",
      startedAt: 10,
      attempt: 1,
      waitingFor: "socket",
    };
    const batch = readItems([
      {
        type: "inflight",
        at: 20,
        total: 4,
        calls: [
          good,
          { ...good, id: "f2", waitingFor: "a newer reason" },
          { ...good, id: "f3", kind: "subscription" },
          { ...good, id: "f4", startedAt: -1 },
        ],
      },
    ]);
    const { waitingFor: _, ...unknownWait } = { ...good, id: "f2" };
    expect(batch).toEqual([{ type: "inflight", at: 20, total: 4, calls: [good, unknownWait] }]);
    expect(readItems([{ type: "inflight", at: 20, calls: [good] }])).toEqual([]);
  });

  it("reads at most the cap of calls in flight in one snapshot", () => {
    const calls = Array.from({ length: PROTOCOL_LIMITS.maxInflightCalls + 5 }, (_, i) => ({
      id: `f${i}`,
      functionPath: "a:b",
      kind: "query",
      transport: "http",
      startedAt: 1,
      attempt: 1,
    }));
    const [item] = readItems([{ type: "inflight", at: 1, total: calls.length, calls }]);
    expect(item?.type === "inflight" && item.calls.length).toBe(PROTOCOL_LIMITS.maxInflightCalls);
  });

  it("refuses non-finite and negative numbers where counts and times belong", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, "3"]) {
      expect(readItems([wireCall({ attempts: bad as number })])).toHaveLength(0);
    }
    expect(readItems([wireCall({ durationMs: Number.NaN })])).toHaveLength(0);
  });

  it("does not read inherited fields", () => {
    const proto = wireCall();
    const item = Object.create(proto);
    expect(readItems([item])).toHaveLength(0);
  });
});

describe("a call's connection wait and recovery", () => {
  it("passes the wait for the socket, the function's own latency and the recovered flag through", () => {
    const call = {
      ...wireCall(),
      connectMs: 600,
      functionMs: 5,
      afterFirstResult: true,
      recovered: true,
    };
    expect(readItems([call])[0]).toMatchObject({
      connectMs: 600,
      functionMs: 5,
      afterFirstResult: true,
      recovered: true,
    });
  });

  it("accepts a call from an older page without them, and drops malformed ones rather than the call", () => {
    const plain = readItems([wireCall()])[0];
    expect(plain).not.toHaveProperty("connectMs");
    expect(plain).not.toHaveProperty("recovered");
    const odd = { ...wireCall(), connectMs: "soon", recovered: "yes", functionMs: null };
    const accepted = readItems([odd])[0];
    expect(accepted).not.toHaveProperty("connectMs");
    expect(accepted).not.toHaveProperty("recovered");
    expect(accepted).toHaveProperty("functionMs", null);
  });
});

describe("a health check's details", () => {
  const report = (details: unknown) => ({
    type: "health",
    status: "degraded",
    at: 1,
    checks: [
      { name: "query_latency", status: "degraded", value: 1, threshold: 1, message: "", details },
    ],
  });

  it("keeps primitive figures and drops anything else", () => {
    const hostile = JSON.parse(
      '{"statistic":"p95","calls":3,"nested":{"x":1},"__proto__":{"polluted":true}}',
    );
    const [health] = readItems([report(hostile)]) as WireHealth[];
    expect({ ...health?.checks[0]?.details }).toEqual({ statistic: "p95", calls: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads a check from an older SDK, without details, as before", () => {
    const [health] = readItems([report(undefined)]) as WireHealth[];
    expect(health?.checks[0]).not.toHaveProperty("details");
  });
});

describe("readFaultConfig", () => {
  it("refuses a whole configuration with any malformed field, never half of it", () => {
    const reader = new Reader(PROTOCOL_LIMITS.maxMessageWeight);
    expect(readFaultConfig(reader, { latencyMs: 100, offline: true })).toEqual({
      latencyMs: 100,
      offline: true,
    });
    for (const bad of [{ errorRate: 2 }, { latencyMs: -1 }, { latencyMs: 5, error: "meteor" }]) {
      expect(readFaultConfig(reader, bad)).toBeNull();
    }
  });
});
