import type { WireSession } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { PanelStore } from "./panelStore";
import { wireCall, wireError } from "./test-support/wireItems";

const sync = (fn: () => void) => fn();

function store(limits = {}) {
  return new PanelStore({ schedule: sync, limits });
}

describe("the panel store", () => {
  it("shows calls in arrival order with their status and code", () => {
    const s = store();
    s.ingest({
      session: "s1",
      items: [wireCall(1), wireCall(2, { error: wireError("SERVER_ERROR"), kind: "mutation" })],
    });
    expect(s.visibleCount()).toBe(2);
    expect(s.callAt(1)).toMatchObject({
      status: "error",
      code: "SERVER_ERROR",
      kind: "mutation",
      session: "s1",
    });
  });

  it("lists unattributed server log lines apart from the calls, newest kept up to its cap, and forgets them on reset", () => {
    const s = store({ unattributedLogs: 3 });
    const line = (seq: number) => ({
      type: "unattributedLog" as const,
      seq,
      at: seq,
      kind: "mutation" as const,
      functionPath: "tasks:create",
      level: "LOG",
      text: `'line ${seq}'`,
    });
    s.ingest({ session: "s1", items: [line(1), line(2), line(3), line(4)] });
    expect(s.calls.size).toBe(0);
    expect(s.unattributedLogs.toArray().map((l) => l.text)).toEqual([
      "'line 2'",
      "'line 3'",
      "'line 4'",
    ]);
    s.reset();
    expect(s.unattributedLogs.size).toBe(0);
  });

  it("drops items it already has when a page resends its history", () => {
    const s = store();
    s.ingest({ session: "s1", items: [wireCall(1), wireCall(2)] });
    s.ingest({ session: "s1", items: [wireCall(1), wireCall(2), wireCall(3)] });
    expect(s.calls.size).toBe(3);
    expect(s.duplicates).toBe(2);
  });

  it("keeps seq numbers per session, so a reloaded page's calls are all new", () => {
    const s = store();
    s.ingest({ session: "s1", items: [wireCall(1), wireCall(2)] });
    s.ingest({ session: "s2", items: [wireCall(1)] });
    expect(s.calls.size).toBe(3);
  });

  it("counts gaps in seq numbers, and what the page said it dropped, as lost events", () => {
    const s = store();
    s.ingest({ session: "s1", items: [wireCall(1), wireCall(5)] });
    expect(s.lost).toBe(3);
    s.ingest({
      session: "s1",
      items: [
        {
          type: "session",
          sessionId: "s1",
          startedAt: 1,
          url: "u",
          sdkVersion: "0.1.0",
          commandsAllowed: true,
          bufferSize: 5,
          dropped: 10,
        },
      ],
    });
    expect(s.lost).toBe(13);
  });

  it("holds at most its call cap, and the filtered list follows evictions", () => {
    const s = store({ calls: 100 });
    s.setFilter({ status: "error" });
    for (let i = 1; i <= 1_000; i++) {
      s.ingest({
        session: "s",
        items: [wireCall(i, i % 2 === 0 ? { error: wireError("TIMEOUT") } : {})],
      });
    }
    expect(s.calls.size).toBe(100);
    expect(s.visibleCount()).toBe(50);
    expect(s.callAt(0)?.seq).toBe(902);
  });

  it("freezes the visible list while paused and catches up on resume", () => {
    const s = store();
    s.ingest({ session: "s", items: [wireCall(1)] });
    s.pause();
    s.ingest({ session: "s", items: [wireCall(2), wireCall(3)] });
    expect(s.visibleCount()).toBe(1);
    expect(s.hiddenWhilePaused()).toBe(2);
    s.resume();
    expect(s.visibleCount()).toBe(3);
  });

  it("filters by kind, status, code, function and text", () => {
    const s = store();
    s.ingest({
      session: "s",
      items: [
        wireCall(1, { functionPath: "messages:list" }),
        wireCall(2, {
          functionPath: "messages:send",
          kind: "mutation",
          error: wireError("CONFLICT"),
        }),
        wireCall(3, {
          functionPath: "tasks:move",
          kind: "mutation",
          error: wireError("TIMEOUT", { requestId: "req-77" }),
        }),
        wireCall(4, { functionPath: "ai:suggest", kind: "action" }),
      ],
    });
    const paths = () =>
      Array.from({ length: s.visibleCount() }, (_, i) => s.callAt(i)?.functionPath);
    s.setFilter({ kinds: ["mutation"] });
    expect(paths()).toEqual(["messages:send", "tasks:move"]);
    s.setFilter({ kinds: [], code: "CONFLICT" });
    expect(paths()).toEqual(["messages:send"]);
    s.setFilter({ code: "", text: "REQ-77" });
    expect(paths()).toEqual(["tasks:move"]);
    s.setFilter({ text: "", status: "ok", functionPath: "ai:suggest" });
    expect(paths()).toEqual(["ai:suggest"]);
  });

  // How fast is a benchmark's question (`pnpm bench panel-scale`: ≤ 100 ms at 100,000 calls), not a
  // test's: a timed assertion here failed under load on 2 cores. This holds the answer instead.
  it("re-filters 100,000 calls to exactly the matching ones", () => {
    const s = store();
    const items = Array.from({ length: 100_000 }, (_, i) =>
      wireCall(i + 1, {
        functionPath: `module${i % 50}:fn${i % 7}`,
        kind: (["query", "mutation", "action"] as const)[i % 3],
        error: i % 10 === 0 ? wireError("SERVER_ERROR") : null,
      }),
    );
    for (let i = 0; i < items.length; i += 1_000)
      s.ingest({ session: "s", items: items.slice(i, i + 1_000) });
    expect(s.calls.size).toBe(100_000);
    s.setFilter({ text: "module10:", status: "error" });
    // module10 is every 50th call from the 11th, and each of those is a failed one (i % 10 === 0).
    expect(s.visibleCount()).toBe(2_000);
    s.setFilter({ text: "module10:", status: "all" });
    expect(s.visibleCount()).toBe(2_000);
    s.setFilter({ text: "", status: "error" });
    expect(s.visibleCount()).toBe(10_000);
  });

  it("groups errors by code and function, keeping the latest sample", () => {
    const s = store();
    s.ingest({
      session: "s",
      items: [
        wireCall(1, { functionPath: "a:b", error: wireError("TIMEOUT", { message: "first" }) }),
        wireCall(2, {
          functionPath: "a:b",
          error: wireError("TIMEOUT", { message: "second", requestId: "r2" }),
        }),
        wireCall(3, { functionPath: "a:c", error: wireError("TIMEOUT") }),
      ],
    });
    const groups = s.errors.list();
    expect(groups).toHaveLength(2);
    const ab = groups.find((g) => g.functionPath === "a:b");
    expect(ab).toMatchObject({ count: 2, sample: { message: "second", requestId: "r2" } });
    expect(ab?.firstSeen).toBeLessThan(ab?.lastSeen ?? 0);
  });

  it("keeps the newest state when an older snapshot arrives late", () => {
    const s = store();
    s.ingest({ session: "s", items: [{ type: "breakers", at: 20, breakers: [] }] });
    s.ingest({
      session: "s",
      items: [
        {
          type: "breakers",
          at: 10,
          breakers: [
            {
              scope: "x",
              state: "open",
              failures: 1,
              calls: 1,
              slowCalls: 0,
              isolated: false,
              halfOpenInFlight: 0,
            },
          ],
        },
      ],
    });
    expect(s.breakers).toEqual([]);
  });

  it("prefers the SDK's metrics, and computes its own without them", () => {
    const s = store();
    s.ingest({
      session: "s",
      items: [wireCall(1, { durationMs: 10 }), wireCall(2, { durationMs: 30 })],
    });
    expect(s.functionRows()).toEqual([
      {
        functionPath: "messages:list",
        kind: "query",
        count: 2,
        errors: 0,
        errorRate: 0,
        // The SDK's DDSketch, within 1 %, at the nearest rank: of two calls, p50 is the faster
        // one and p95/p99 the slower (half the calls took longer than the faster one).
        p50: expect.closeTo(10, 0),
        p95: 30,
        p99: 30,
      },
    ]);
    s.ingest({
      session: "s",
      items: [
        {
          type: "metrics",
          at: 5,
          functions: [
            {
              functionPath: "messages:list",
              kind: "query",
              count: 9,
              errors: 1,
              errorRate: 1 / 9,
              p50: 4,
              p95: 8,
              p99: 9,
              mean: 5,
            },
          ],
        },
      ],
    });
    expect(s.functionRows()[0]).toMatchObject({ count: 9, p95: 8 });
  });

  it("remembers a bounded number of page sessions however many reloads it sees", () => {
    const s = store({ sessions: 4 });
    for (let i = 0; i < 50; i++) {
      s.ingest({
        session: `s${i}`,
        items: [
          wireCall(1),
          {
            type: "session",
            sessionId: `s${i}`,
            startedAt: i,
            url: "u",
            sdkVersion: "0.1.0",
            commandsAllowed: true,
            bufferSize: 5,
            dropped: 0,
          },
        ],
      });
    }
    expect(s.knownSessions().map((x) => x.sessionId)).toEqual(["s46", "s47", "s48", "s49"]);
    expect(s.calls.size).toBe(50);
    // A separator for each remembered page load only (the earlier ones' calls run together).
    expect(s.sessionBreaks().map((b) => [b.index, b.startedAt, b.reload])).toEqual([
      [46, 46, false],
      [47, 47, true],
      [48, 48, true],
      [49, 49, true],
    ]);
  });

  it("keeps at most its cap of command results", () => {
    const s = store({ results: 3 });
    for (let i = 0; i < 10; i++) s.recordResult({ type: "result", id: `c${i}`, ok: true });
    expect(s.result("c0")).toBeUndefined();
    expect(s.result("c9")).toEqual({ type: "result", id: "c9", ok: true });
  });

  it("tells listeners once for a burst of batches", () => {
    const queued: (() => void)[] = [];
    const s = new PanelStore({ schedule: (fn) => queued.push(fn) });
    let renders = 0;
    s.subscribe(() => renders++);
    for (let i = 1; i <= 50; i++) s.ingest({ session: "s", items: [wireCall(i)] });
    for (const fn of queued.splice(0)) fn();
    expect(renders).toBe(1);
  });

  it("forgets everything on reset", () => {
    const s = store();
    s.ingest({ session: "s", items: [wireCall(1, { error: wireError("X") })] });
    s.select(1);
    s.reset();
    expect([s.calls.size, s.errors.size, s.selectedId, s.visibleCount()]).toEqual([0, 0, null, 0]);
    s.ingest({ session: "s", items: [wireCall(1)] });
    expect(s.calls.size).toBe(1);
  });

  describe("with the log preserved across a navigation to another origin", () => {
    const sessionItem = (sessionId: string, url: string): WireSession => ({
      type: "session",
      sessionId,
      startedAt: 1,
      url,
      sdkVersion: "0.1.0",
      commandsAllowed: true,
      bufferSize: 5,
      dropped: 0,
    });

    it("refuses items another origin sends under a session first seen from the app", () => {
      const s = store();
      s.ingest({ session: "app", origin: "https://bank.example", items: [wireCall(1)] });
      s.ingest({
        session: "app",
        origin: "https://evil.example",
        items: [wireCall(2, { functionPath: "payments:transfer" })],
      });
      expect(s.calls.toArray().map((call) => call.functionPath)).toEqual(["messages:list"]);
      expect(s.refused).toBe(1);
    });

    it("labels each call and session with the origin the browser reported", () => {
      const s = store();
      s.ingest({
        session: "app",
        origin: "https://bank.example",
        items: [sessionItem("app", "https://bank.example/"), wireCall(1)],
      });
      s.ingest({
        session: "evil",
        origin: "https://evil.example",
        items: [sessionItem("evil", "https://bank.example/"), wireCall(1)],
      });
      expect(s.calls.toArray().map((call) => call.origin)).toEqual([
        "https://bank.example",
        "https://evil.example",
      ]);
      expect(s.session).toMatchObject({ sessionId: "evil", origin: "https://evil.example" });
    });

    it("lets a page describe only its own session", () => {
      const s = store();
      s.ingest({
        session: "app",
        origin: "https://bank.example",
        items: [sessionItem("app", "https://bank.example/")],
      });
      s.ingest({
        session: "evil",
        origin: "https://evil.example",
        items: [sessionItem("app", "https://bank.example/transfer-done")],
      });
      expect(s.knownSessions()).toEqual([
        expect.objectContaining({ sessionId: "app", url: "https://bank.example/" }),
      ]);
    });
  });
});
