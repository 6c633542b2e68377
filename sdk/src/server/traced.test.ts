import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { fixtureBackend } from "./test-support/fixtureBackend.js";
import { formatTraceArg, TRACE_ARG } from "./traceContext.js";
import {
  MAX_SPANS_PER_EXECUTION,
  MAX_TRACE_LINE_CHARS,
  parseTraceLine,
  TRACE_LINE_PREFIX,
  type TraceLine,
} from "./traceLine.js";

const fn = {
  tracedList: makeFunctionReference<"query">("notes:tracedList"),
  plainList: makeFunctionReference<"query">("notes:plainList"),
  tracedAdd: makeFunctionReference<"mutation">("notes:tracedAdd"),
  plainAdd: makeFunctionReference<"mutation">("notes:plainAdd"),
  tracedFails: makeFunctionReference<"mutation">("notes:tracedFails"),
  tracedCalls: makeFunctionReference<"action">("notes:tracedCalls"),
  tracedNoValidator: makeFunctionReference<"query">("notes:tracedNoValidator"),
  tracedManyReads: makeFunctionReference<"query">("notes:tracedManyReads"),
};

const BROWSER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const BROWSER_SPAN = "00f067aa0ba902b7";
const fromBrowser = (path: string) =>
  formatTraceArg({ traceId: BROWSER_TRACE, spanId: BROWSER_SPAN, link: false, path });

let log: MockInstance<(...args: unknown[]) => void>;
beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
  log.mockRestore();
  vi.restoreAllMocks();
});

/** Every trace line printed so far, parsed. */
function lines(): TraceLine[] {
  return log.mock.calls
    .map((call) => String(call[0]))
    .filter((text) => text.startsWith(TRACE_LINE_PREFIX))
    .map((text) => {
      const line = parseTraceLine(text);
      if (line === undefined) throw new Error(`unparseable line: ${text}`);
      return line;
    });
}

describe("traced functions", () => {
  it("records a query's execution under the browser's span, with its index read and point read", async () => {
    const t = fixtureBackend();
    await t.run((ctx) => ctx.db.insert("notes", { owner: "ada", secret: "s3cr3t" }));
    const result = await t.query(fn.tracedList, {
      owner: "ada",
      [TRACE_ARG]: fromBrowser("notes:tracedList"),
    } as { owner: string });
    expect(result).toEqual({ count: 1, first: "ada" });
    const [line] = lines();
    expect(line?.t).toBe(BROWSER_TRACE);
    const [execution, ...children] = line?.s ?? [];
    expect(execution).toMatchObject({
      n: "query notes:tracedList",
      k: "server",
      p: BROWSER_SPAN,
      a: { "convex.function.kind": "query", "rpc.method": "notes:tracedList" },
    });
    expect(children).toEqual([
      expect.objectContaining({
        n: "db.query notes",
        p: execution?.i,
        a: {
          "db.collection.name": "notes",
          "convex.db.index": "by_owner",
          "db.operation.name": "collect",
          "convex.db.count": 1,
        },
      }),
      expect.objectContaining({
        n: "db.get",
        a: { "db.operation.name": "get", "convex.db.count": 1 },
      }),
    ]);
  });

  it("never puts document contents or argument values into the line", async () => {
    const t = fixtureBackend();
    await t.mutation(fn.tracedAdd, { owner: "grace", secret: "hunter2" });
    await t.query(fn.tracedList, { owner: "grace" });
    const printed = log.mock.calls.map((call) => String(call[0])).join("\n");
    expect(printed).toContain(TRACE_LINE_PREFIX);
    expect(printed).not.toContain("hunter2");
    expect(printed).not.toContain("grace");
  });

  it("records a mutation's writes and schedules a traced function that links back to it", async () => {
    vi.useFakeTimers();
    try {
      const t = fixtureBackend();
      await t.mutation(fn.tracedAdd, { owner: "ada", secret: "x", copies: 2 });
      await t.finishAllScheduledFunctions(vi.runAllTimers);
    } finally {
      vi.useRealTimers();
    }
    const [add, audit] = lines();
    expect(add?.s.map((span) => span.n)).toEqual([
      "mutation",
      "db.insert notes",
      "db.insert notes",
      "scheduler.runAfter notes:tracedAudit",
    ]);
    const schedule = add?.s[3];
    expect(schedule?.a).toMatchObject({
      "convex.lens.propagated": true,
      "convex.scheduler.job_id": expect.any(String),
    });
    expect(audit?.l).toEqual({ t: add?.t, i: schedule?.i });
    expect(audit?.t).not.toBe(add?.t);
    expect(audit?.s[0]).toMatchObject({ n: "mutation notes:tracedAudit", k: "server" });
    expect(audit?.s[0]?.p).toBeUndefined();
  });

  it("records an action's runQuery calls, passing the context to a traced callee and not to an untraced one", async () => {
    const t = fixtureBackend();
    await t.run((ctx) => ctx.db.insert("notes", { owner: "ada", secret: "x" }));
    const result = await t.action(fn.tracedCalls, {
      owner: "ada",
      [TRACE_ARG]: fromBrowser("notes:tracedCalls"),
    } as { owner: string });
    expect(result).toEqual({ traced: 1, plain: 1, status: null });
    const all = lines();
    const action = all.find((line) => line.s[0]?.n === "action notes:tracedCalls");
    const callee = all.find((line) => line.s[0]?.n === "query notes:tracedList");
    const runQuery = action?.s.find((span) => span.n === "runQuery notes:tracedList");
    const runPlain = action?.s.find((span) => span.n === "runQuery notes:plainList");
    expect(runQuery?.k).toBe("client");
    expect(callee?.t).toBe(BROWSER_TRACE);
    expect(callee?.s[0]?.p).toBe(runQuery?.i);
    expect(runPlain?.a).toMatchObject({ "convex.lens.propagated": false });
    expect(runPlain?.e).toBeUndefined();
  });

  it("records an action's fetch and sends the traceparent of its span", async () => {
    const seen: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      seen.push(new Request(input, init).headers.get("traceparent") ?? "");
      return new Response("ok", { status: 201 });
    };
    try {
      const t = fixtureBackend();
      const result = await t.action(fn.tracedCalls, {
        owner: "ada",
        url: "https://api.example.com/v1/users/42?token=abc",
      });
      expect(result.status).toBe(201);
    } finally {
      globalThis.fetch = realFetch;
    }
    const action = lines().find((line) => line.s[0]?.n.startsWith("action"));
    const fetchSpan = action?.s.find((span) => span.n === "fetch GET");
    expect(fetchSpan?.a).toEqual({
      "http.request.method": "GET",
      "server.address": "api.example.com",
      "http.response.status_code": 201,
    });
    expect(seen).toEqual([`00-${action?.t}-${fetchSpan?.i}-01`]);
    expect(globalThis.fetch).toBe(realFetch);
  });

  it("lets a failure through unchanged and marks the execution span with its type", async () => {
    const t = fixtureBackend();
    await expect(t.mutation(fn.tracedFails, {})).rejects.toThrow("boom");
    const [line] = lines();
    expect(line?.s[0]).toMatchObject({ n: "mutation", e: "Error" });
    expect(JSON.stringify(line)).not.toContain("boom");
  });

  it("leaves a function without a validator its own arguments", async () => {
    const t = fixtureBackend();
    const keys = await t.query(fn.tracedNoValidator, {
      a: 1,
      [TRACE_ARG]: fromBrowser("notes:tracedNoValidator"),
    });
    expect(keys).toEqual(["a"]);
    expect(lines()[0]?.t).toBe(BROWSER_TRACE);
  });

  it("starts a trace of its own when the context argument is malformed", async () => {
    const t = fixtureBackend();
    const result = await t.query(fn.tracedList, {
      owner: "nobody",
      [TRACE_ARG]: "<script>not a traceparent",
    } as { owner: string });
    expect(result).toEqual({ count: 0, first: null });
    expect(lines()[0]?.t).toMatch(/^[0-9a-f]{32}$/);
    expect(lines()[0]?.s[0]?.p).toBeUndefined();
  });

  it("caps the spans of one execution and counts the rest in the line", async () => {
    const t = fixtureBackend();
    await t.query(fn.tracedManyReads, { reads: 200 });
    const [line] = lines();
    expect(line?.s.length).toBeLessThanOrEqual(MAX_SPANS_PER_EXECUTION);
    expect(line?.s[0]?.k).toBe("server");
    expect((line?.s.length ?? 0) - 1 + (line?.o ?? 0)).toBe(200);
    const text = log.mock.calls.map((call) => String(call[0])).find((l) => l.startsWith("[convex"));
    expect(text?.length).toBeLessThanOrEqual(MAX_TRACE_LINE_CHARS);
  });
});

describe("an untraced function", () => {
  it("prints nothing and returns what it always did", async () => {
    const t = fixtureBackend();
    await t.mutation(fn.plainAdd, { owner: "ada", secret: "x" });
    expect(await t.query(fn.plainList, { owner: "ada" })).toEqual({ count: 1, first: "ada" });
    expect(lines()).toEqual([]);
  });
});

describe("the helper failing", () => {
  it("does not change a result when the line cannot be printed", async () => {
    log.mockImplementation(() => {
      throw new Error("console is broken");
    });
    const t = fixtureBackend();
    await t.run((ctx) => ctx.db.insert("notes", { owner: "ada", secret: "x" }));
    expect(await t.query(fn.tracedList, { owner: "ada" })).toEqual({ count: 1, first: "ada" });
  });

  it("does not change a result when ids cannot be made", async () => {
    vi.spyOn(crypto, "getRandomValues").mockImplementation(() => {
      throw new Error("no entropy");
    });
    const t = fixtureBackend();
    await t.run((ctx) => ctx.db.insert("notes", { owner: "ada", secret: "x" }));
    expect(await t.query(fn.tracedList, { owner: "ada" })).toEqual({ count: 1, first: "ada" });
    expect(lines()).toEqual([]);
  });
});
