import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ExecutionLog,
  executionEvents,
  type FinishedExecution,
  MAX_TRACE_LINE_CHARS,
} from "./executionLog.js";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { CHAT_APP, type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

const helperLine = (name: string, start: number, duration: number) =>
  `[LOG] '[convex-lens] ${JSON.stringify({
    v: 1,
    t: "4bf92f3577b34da6a3ce929d0e0e4736",
    s: [{ i: "a1a1a1a1a1a1a1a1", n: name, k: "server", t: start, d: duration }],
    o: 0,
  })}'`;

const finished = (overrides: Partial<FinishedExecution> = {}): FinishedExecution => ({
  kind: "mutation",
  udfPath: "notes:add",
  requestId: "0123456789abcdef",
  startedAt: 1_765_000_000_000,
  endedAt: 1_765_000_000_040,
  logLines: [],
  ...overrides,
});

describe("executionEvents", () => {
  it("describes an execution as `npx convex logs --jsonl` does, times in seconds", () => {
    const [event] = executionEvents(finished({ logLines: ["[LOG] 'hi'"] }), "local-1");
    expect(event).toEqual({
      kind: "Completion",
      udfType: "Mutation",
      identifier: "notes:add",
      requestId: "0123456789abcdef",
      executionId: "local-1",
      parentExecutionId: null,
      timestamp: 1_765_000_000.04,
      executionTimestamp: 1_765_000_000,
      executionTime: 0.04,
      cachedResult: false,
      usageStats: {},
      logLines: ["[LOG] 'hi'"],
      success: null,
    });
  });

  it("reports a failed execution's error", () => {
    const [event] = executionEvents(finished({ errorMessage: "Server Error" }), "local-1");
    expect(event).toMatchObject({ error: "Server Error" });
    expect(event).not.toHaveProperty("success");
  });

  it("turns a traced callee's line, run in its caller's process, into a child execution", () => {
    const own = helperLine("action notes:summarize", 1_765_000_000_000, 40);
    const child = helperLine("query notes:count", 1_765_000_000_010, 5);
    const events = executionEvents(
      finished({ kind: "action", udfPath: "notes:summarize", logLines: [child, "plain", own] }),
      "local-7",
    );
    expect(events).toHaveLength(2);
    const [callee, caller] = events;
    expect(callee).toMatchObject({
      udfType: "Query",
      identifier: "notes:count",
      executionId: "local-7.1",
      parentExecutionId: "local-7",
      requestId: "0123456789abcdef",
      executionTimestamp: 1_765_000_000.01,
      executionTime: 0.005,
      logLines: [child],
    });
    expect(caller).toMatchObject({ executionId: "local-7", logLines: ["plain", own] });
  });

  it("does not parse a helper line longer than the trace line's cap: it stays with its caller", () => {
    const long = helperLine("query notes:count", 1_765_000_000_010, 5).replace(
      '"o":0',
      `"o":0,"pad":"${"x".repeat(MAX_TRACE_LINE_CHARS)}"`,
    );
    const within = helperLine("query notes:count", 1_765_000_000_010, 5);
    const logLines = [long, within];
    const events = executionEvents(finished({ kind: "action", logLines }), "local-8");
    expect(events.map((event) => event.logLines)).toEqual([[within], [long]]);
  });

  it("keeps a line that is not a valid helper line with its execution", () => {
    const events = executionEvents(finished({ logLines: ["[LOG] '[convex-lens] {nope'"] }), "x");
    expect(events).toHaveLength(1);
  });
});

describe("ExecutionLog", () => {
  it("returns the events after a cursor, and the cursor to poll from next", () => {
    const log = new ExecutionLog(10);
    log.record(finished({ udfPath: "a:one" }));
    log.record(finished({ udfPath: "a:two" }));
    const first = log.since(0);
    expect(first.events.map((e) => e.identifier)).toEqual(["a:one", "a:two"]);
    log.record(finished({ udfPath: "a:three" }));
    const second = log.since(first.cursor);
    expect(second.events.map((e) => e.identifier)).toEqual(["a:three"]);
    expect(log.since(second.cursor).events).toEqual([]);
  });

  it("keeps at most its capacity and tells a slow reader how many it missed", () => {
    const log = new ExecutionLog(3);
    for (let i = 0; i < 5; i++) log.record(finished({ udfPath: `a:f${i}` }));
    const page = log.since(0);
    expect(page.events.map((e) => e.identifier)).toEqual(["a:f2", "a:f3", "a:f4"]);
    expect(page.missed).toBe(2);
    expect(page.cursor).toBe(5);
  });

  it("returns at most `limit` events per poll", () => {
    const log = new ExecutionLog(10);
    for (let i = 0; i < 4; i++) log.record(finished());
    const page = log.since(0, 3);
    expect(page.events).toHaveLength(3);
    expect(log.since(page.cursor, 3).events).toHaveLength(1);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new ExecutionLog(0)).toThrow(/maxExecutionEvents/);
  });
});

describe("GET /_lens/executions", () => {
  let app: TempFunctions;
  let backend: LocalBackend;
  beforeAll(async () => {
    app = await writeTempFunctions(CHAT_APP);
    backend = await startLocalBackend({ functionsDir: app.dir, port: 0 });
  });
  afterAll(async () => {
    await backend?.close();
    await app?.remove();
  });
  const poll = (query: string, token = backend.adminToken) =>
    fetch(`${backend.url}/_lens/executions${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    });

  it("serves every call the backend ran, with its request id and log lines", async () => {
    await fetch(`${backend.url}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "messages:list", format: "convex_encoded_json", args: [{}] }),
    });
    const response = await poll("?since=0");
    expect(response.status).toBe(200);
    const page = (await response.json()) as { events: Record<string, unknown>[]; cursor: number };
    const event = page.events.find((e) => e.identifier === "messages:list");
    expect(event).toMatchObject({
      kind: "Completion",
      udfType: "Query",
      logLines: ["[LOG] 'listing'"],
    });
    expect(event?.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(page.cursor).toBeGreaterThan(0);
  });

  it("requires the admin token and refuses a bad cursor with 400", async () => {
    expect((await poll("", "wrong-token-000000000000")).status).toBe(401);
    const bad = await poll("?since=-1");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/since must be a cursor/);
  });
});
