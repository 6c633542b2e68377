import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ServerError } from "../errors/index.js";
import { SDK_NAME } from "../version.js";
import {
  BRIDGE_BATCH_MAX,
  BRIDGE_FLUSH_MS,
  BRIDGE_STATE_INTERVAL_MS,
  createDevtoolsBridge,
  type DevtoolsBridge,
} from "./bridge.js";
import type { DevtoolsHost, DevtoolsUnattributedLog } from "./devtoolsHost.js";
import type { DevtoolsSettings } from "./devtoolsSettings.js";
import {
  DEVTOOLS_SOURCE,
  type PageMessage,
  PROTOCOL_VERSION,
  type WireCall,
  type WireItem,
} from "./protocol.js";
import { createDevtoolsSpanProcessor } from "./spanProcessor.js";
import { callRecord, FakeDevtoolsHost, FakePage } from "./test-support/fakeDevtoolsHost.js";
import type { FakeMessageChannel } from "./test-support/fakeMessageChannel.js";

const settings: DevtoolsSettings = { enabled: true, bufferSize: 2_000, allowCommands: true };

function hello(extra: { session?: string; since?: number } = {}): unknown {
  return { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello", ...extra };
}
const bye = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "bye" };
function command(id: string, body: unknown): unknown {
  return { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "command", id, command: body };
}

let host: FakeDevtoolsHost;
let page: FakePage;
let bridge: DevtoolsBridge;

/** Says hello as the content script does: to the window, transferring a new private port. */
function connect(extra: { session?: string; since?: number } = {}): FakeMessageChannel {
  const channel = page.openChannel();
  page.deliver(hello(extra), page, [channel.port2]);
  return channel;
}

function start(overrides: Partial<DevtoolsSettings> = {}): DevtoolsBridge {
  const created = createDevtoolsBridge(host, { ...settings, ...overrides }, page);
  if (created === null) throw new Error("bridge not created");
  bridge = created;
  return created;
}

function itemsOfType<T extends WireItem["type"]>(type: T): Extract<WireItem, { type: T }>[] {
  return page.items().filter((item): item is Extract<WireItem, { type: T }> => item.type === type);
}

beforeEach(() => {
  vi.useFakeTimers();
  host = new FakeDevtoolsHost();
  page = new FakePage();
});

afterEach(() => {
  bridge?.dispose();
  host.onlineManager.dispose();
  vi.useRealTimers();
});

describe("the DevTools bridge while no panel is open", () => {
  it("posts one session announcement and nothing else, and runs no timer", async () => {
    start();
    for (let i = 0; i < 100; i++) host.emitCall();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(page.posted).toHaveLength(1);
    expect(page.items()).toEqual([expect.objectContaining({ type: "session", announce: true })]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not serialise a successful call until a panel asks for it", async () => {
    start();
    let reads = 0;
    const record = new Proxy(callRecord(), {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    host.emitCall(record);
    await vi.advanceTimersByTimeAsync(1_000);
    // Only the handful of fields that say whether it holds anything large (ringEntry.ts).
    expect(reads).toBeLessThanOrEqual(12);
    const dormantReads = reads;
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toBeGreaterThan(dormantReads);
  });

  it("keeps only the last bufferSize events and reports how many it lost", async () => {
    start({ bufferSize: 5 });
    for (let i = 0; i < 8; i++) host.emitCall(callRecord({ functionPath: `m:f${i}` }));
    expect(bridge.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(page.callSeqs()).toEqual([4, 5, 6, 7, 8]);
    const sessions = itemsOfType("session");
    expect(sessions.at(-1)?.dropped).toBe(3);
  });

  it("holds memory to its cap under 100,000 calls", () => {
    start({ bufferSize: 2_000 });
    for (let i = 0; i < 100_000; i++) host.emitCall();
    expect(bridge.stats().buffered).toBe(2_000);
    expect(page.posted).toHaveLength(1);
  });

  it("ignores a hello from another window or without the devtools tag", async () => {
    start();
    host.emitCall();
    page.deliver(hello(), { other: "window" });
    page.deliver({ type: "hello", v: 1 });
    page.deliver({ ...(hello() as object), source: "convex-lens" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bridge.stats().active).toBe(false);
    expect(page.callSeqs()).toEqual([]);
  });
});

describe("the DevTools bridge while a panel is open", () => {
  it("answers hello with the session, connection, faults, breakers, health and metrics", async () => {
    start();
    host.functionMetrics = [
      { functionPath: "messages:list", kind: "query", count: 4, errors: 1, p50: 3, p95: 9 },
    ];
    host.healthReport = {
      status: "degraded",
      at: 5,
      checks: [
        {
          name: "error_rate",
          status: "degraded",
          value: 0.25,
          threshold: 0.05,
          message: "25% failed",
        },
        {
          name: "query_latency",
          status: "degraded",
          value: 420,
          threshold: 300,
          message: "p95 query latency 420 ms is above 300 ms.",
          details: { calls: 40, p95Ms: 420, statistic: "p95", cold: null },
        },
      ],
    };
    host.registry.get("messages:send");
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const types = page.items().map((item) => item.type);
    expect(types).toEqual([
      "session",
      "session",
      "connection",
      "faults",
      "breakers",
      "health",
      "metrics",
    ]);
    const [session] = itemsOfType("session").slice(-1);
    expect(session).toMatchObject({
      sessionId: bridge.sessionId,
      commandsAllowed: true,
      bufferSize: 2_000,
    });
    expect(itemsOfType("metrics")[0]?.functions[0]).toMatchObject({
      errorRate: 0.25,
      p95: 9,
      p99: null,
    });
    const [errorRate, latency] = itemsOfType("health")[0]?.checks ?? [];
    expect(errorRate).toMatchObject({ value: 0.25, threshold: 0.05 });
    expect(errorRate?.details).toBeUndefined();
    // A check's details reach the panel (a null says nothing, so it is left out).
    expect({ ...latency?.details }).toEqual({ calls: 40, p95Ms: 420, statistic: "p95" });
    expect(itemsOfType("breakers")[0]?.breakers.map((b) => b.scope)).toEqual(["messages:send"]);
  });

  it("sends each breaker's settings the host knows, and a breaker whose settings throw without them", async () => {
    const failure = new Error("settings unreadable");
    (host as DevtoolsHost).breakerSettings = (scope) => {
      if (scope === "messages:list") throw failure;
      return { windowMs: 10_000, refuses: { query: true, mutation: true, action: true } };
    };
    host.registry.get("messages:send");
    host.registry.get("messages:list");
    start();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const breakers = itemsOfType("breakers")[0]?.breakers ?? [];
    expect(breakers.map((b) => [b.scope, b.windowMs, b.refuses?.mutation])).toEqual([
      ["messages:send", 10_000, true],
      ["messages:list", undefined, undefined],
    ]);
    expect(host.errors).toContain(failure);
  });

  it("batches calls made within 100 ms into one message", async () => {
    start();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const before = page.posted.length;
    host.emitCall();
    host.emitCall();
    host.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS - 1);
    expect(page.posted.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(page.posted.length).toBe(before + 1);
    expect(page.posted.at(-1)?.batch.map((item) => item.type)).toEqual(["call", "call", "call"]);
  });

  it("sends at once, without waiting for the timer, when a full batch is waiting", async () => {
    start({ bufferSize: 10_000 });
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const before = page.posted.length;
    for (let i = 0; i < BRIDGE_BATCH_MAX * 3; i++) host.emitCall();
    await Promise.resolve();
    expect(page.posted.length).toBeGreaterThan(before);
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    const seqs = page.callSeqs();
    expect(seqs).toHaveLength(BRIDGE_BATCH_MAX * 3);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const message of page.posted)
      expect(message.batch.length).toBeLessThanOrEqual(BRIDGE_BATCH_MAX);
  });

  it("sends a call with its attempts, events and typed error", async () => {
    start();
    connect();
    const error = new ServerError({ message: "[Request ID: r-1] Server Error", requestId: "r-1" });
    host.emitCall(
      callRecord({
        kind: "mutation",
        functionPath: "messages:send",
        name: "mutation messages:send",
        attempts: 2,
        attemptDetails: [
          {
            attempt: 1,
            startedAt: 10,
            durationMs: 2,
            error: { code: "SERVER_ERROR", message: "boom" },
          },
          {
            attempt: 2,
            startedAt: 20,
            durationMs: 3,
            error: { code: "SERVER_ERROR", message: "boom" },
          },
        ],
        events: [
          {
            name: "convex.log",
            at: 11,
            attributes: { level: "error", text: "<img src=x onerror=alert(1)>" },
          },
        ],
        error,
        traceId: "",
        argsPreview: "a".repeat(20_000),
      }),
    );
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    const [call] = itemsOfType("call") as WireCall[];
    expect(call).toMatchObject({
      kind: "mutation",
      attempts: 2,
      traceId: "00000000000000000000000000000000",
      error: {
        code: "SERVER_ERROR",
        requestId: "r-1",
        retryable: false,
        httpStatus: 500,
        userMessage: error.userMessage,
      },
    });
    expect(call?.attemptDetails).toHaveLength(2);
    expect(call?.events[0]?.attributes?.text).toBe("<img src=x onerror=alert(1)>");
    expect(call?.argsPreview?.length).toBeLessThan(10_000);
  });

  it("resumes after the last event the extension holds for this session", async () => {
    start();
    for (let i = 0; i < 10; i++) host.emitCall();
    connect({ session: bridge.sessionId, since: 7 });
    await vi.advanceTimersByTimeAsync(0);
    expect(page.callSeqs()).toEqual([8, 9, 10]);
  });

  it("sends its whole history to an extension that holds another session", async () => {
    start();
    for (let i = 0; i < 4; i++) host.emitCall();
    connect({ session: "an-earlier-page-load", since: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(page.callSeqs()).toEqual([1, 2, 3, 4]);
  });

  it("goes quiet after bye, and a later hello sends only what came after", async () => {
    start();
    const channel = connect();
    host.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    channel.port1.postMessage(bye);
    const posted = page.posted.length;
    host.emitCall();
    host.emitCall();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(page.posted.length).toBe(posted);
    expect(vi.getTimerCount()).toBe(0);
    connect({ session: bridge.sessionId, since: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(page.callSeqs()).toEqual([1, 2, 3]);
  });

  it("sends breakers and metrics at most once a second, and only after activity", async () => {
    start();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const snapshotsAfterHello = itemsOfType("metrics").length;
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS * 5);
    expect(itemsOfType("metrics")).toHaveLength(snapshotsAfterHello);
    for (let i = 0; i < 50; i++) {
      host.emitCall();
      await vi.advanceTimersByTimeAsync(20);
    }
    // 50 calls over one second: one more snapshot, not fifty.
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    const added = itemsOfType("metrics").length - snapshotsAfterHello;
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThanOrEqual(2);
  });

  it("resends health each tick while an outage goes on, though no call finishes", async () => {
    const down = (ms: number) => ({
      status: "degraded",
      at: ms,
      checks: [
        {
          name: "connection",
          status: "degraded",
          message: `WebSocket disconnected for ${ms / 1_000} s; the client is reconnecting.`,
        },
      ],
    });
    start();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const before = itemsOfType("health").length;
    for (const ms of [1_000, 2_000, 3_000]) {
      host.healthReport = down(ms);
      await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS + BRIDGE_FLUSH_MS);
    }
    const sent = itemsOfType("health").slice(before);
    expect(sent.map((h) => h.checks[0]?.message)).toEqual([
      "WebSocket disconnected for 1 s; the client is reconnecting.",
      "WebSocket disconnected for 2 s; the client is reconnecting.",
      "WebSocket disconnected for 3 s; the client is reconnecting.",
    ]);
    // A report that says the same thing a moment later is not sent again.
    host.healthReport = { ...down(3_000), at: 9_999 };
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS * 3);
    expect(itemsOfType("health").length - before).toBe(3);
  });

  it("resends breakers when one changes by time alone, and not while none changes", async () => {
    start();
    const open = {
      scope: "tasks:move",
      state: "open" as const,
      failures: 5,
      calls: 5,
      slowCalls: 0,
      windowMs: 30_000,
      openedAt: 1,
      nextProbeAt: 2,
      isolated: false,
      halfOpenInFlight: 0,
    };
    const breakers = vi.spyOn(host, "breakers").mockReturnValue([open]);
    connect();
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS * 3);
    expect(itemsOfType("breakers").map((b) => b.breakers[0]?.state)).toEqual(["open"]);
    breakers.mockReturnValue([{ ...open, state: "half-open", nextProbeAt: undefined }]);
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS + BRIDGE_FLUSH_MS);
    expect(itemsOfType("breakers").map((b) => b.breakers[0]?.state)).toEqual(["open", "half-open"]);
  });

  it("streams breaker transitions, health changes, connection changes and fault changes", async () => {
    start();
    connect();
    host.registry.get("tasks:move")?.isolate();
    host.emitHealth({
      status: "unhealthy",
      at: 9,
      checks: [{ name: "breakers", status: "unhealthy" }],
    });
    host.onlineManager.setForcedOffline(true);
    host.injector.set({ latencyMs: 250 });
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(itemsOfType("breaker")[0]).toMatchObject({
      scope: "tasks:move",
      from: "closed",
      to: "open",
      reason: "isolated",
    });
    expect(itemsOfType("health").at(-1)).toMatchObject({
      status: "unhealthy",
      previous: "healthy",
    });
    expect(itemsOfType("health").at(-1)?.seq).toBeGreaterThan(0);
    // Setting faults without `offline` brings the page back online: both changes are streamed.
    expect(
      itemsOfType("connection").flatMap((c) => (c.seq === undefined ? [] : [c.online])),
    ).toEqual([false, true]);
    expect(itemsOfType("faults").at(-1)?.config).toEqual({ latencyMs: 250 });
  });
});

describe("unattributed server log lines", () => {
  it("reach the panel as their own items, redacted, the ones kept before the panel opened included", async () => {
    const listeners = new Set<(line: DevtoolsUnattributedLog) => void>();
    const withLogs: DevtoolsHost = Object.assign(Object.create(host) as DevtoolsHost, {
      onUnattributedLog: (listener: (line: DevtoolsUnattributedLog) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    const emit = (text: string) => {
      for (const listener of listeners) {
        listener({ at: 5, kind: "mutation", functionPath: "tasks:create", level: "LOG", text });
      }
    };
    const created = createDevtoolsBridge(withLogs, settings, page);
    if (created === null) throw new Error("bridge not created");
    bridge = created;
    emit("'before the panel'");
    connect();
    await vi.advanceTimersByTimeAsync(0);
    emit("'token sk_live_51Habcdefghijklmnop'");
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    const lines = itemsOfType("unattributedLog");
    expect(lines.map((line) => line.functionPath)).toEqual(["tasks:create", "tasks:create"]);
    expect(lines[0]?.text).toBe("'before the panel'");
    expect(lines[1]?.text).not.toContain("sk_live_");
    bridge.dispose();
    expect(listeners.size).toBe(0);
  });
});

describe("commands from the panel", () => {
  it("trips and resets a breaker, and answers each command", async () => {
    start();
    const channel = connect();
    channel.port1.postMessage(command("c1", { name: "isolateBreaker", scope: "messages:send" }));
    expect(host.registry.get("messages:send")?.state).toBe("open");
    channel.port1.postMessage(command("c2", { name: "resetBreaker", scope: "messages:send" }));
    expect(host.registry.get("messages:send")?.state).toBe("closed");
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(itemsOfType("result")).toEqual([
      { type: "result", id: "c1", ok: true },
      { type: "result", id: "c2", ok: true },
    ]);
  });

  it("sets and clears faults and goes offline", () => {
    start();
    page.deliver(command("f1", { name: "setFaults", faults: { errorRate: 0.5, latencyMs: 100 } }));
    expect(host.injector.get()).toEqual({ errorRate: 0.5, latencyMs: 100 });
    page.deliver(command("f2", { name: "setOffline", offline: true }));
    expect(host.onlineManager.isOnline()).toBe(false);
    page.deliver(command("f3", { name: "clearFaults" }));
    expect(host.injector.get()).toEqual({});
    expect(host.onlineManager.isOnline()).toBe(true);
  });

  it("reports a command the SDK rejects as a failed result with its code", () => {
    start();
    host.commands.setFaults = () => {
      throw Object.assign(new Error("faults.latencyMs must be a number"), {
        code: "CONFIGURATION",
      });
    };
    page.deliver(command("bad", { name: "setFaults", faults: { latencyMs: 5 } }));
    expect(itemsOfType("result")).toEqual([
      {
        type: "result",
        id: "bad",
        ok: false,
        error: { code: "CONFIGURATION", message: "faults.latencyMs must be a number" },
      },
    ]);
  });

  it("refuses every command when commands are not allowed, and changes nothing", () => {
    start({ allowCommands: false });
    page.deliver(command("c1", { name: "isolateBreaker", scope: "messages:send" }));
    page.deliver(command("c2", { name: "setOffline", offline: true }));
    expect(host.registry.snapshots()).toEqual([]);
    expect(host.onlineManager.isOnline()).toBe(true);
    const results = itemsOfType("result");
    expect(results.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      ["c1", false, "COMMANDS_DISABLED"],
      ["c2", false, "COMMANDS_DISABLED"],
    ]);
    expect(bridge.stats().commandsRefused).toBe(2);
  });

  it("ignores a malformed command", () => {
    start();
    page.deliver(command("x", { name: "eval", code: "alert(1)" }));
    connect().port1.postMessage(command("y", { name: "eval", code: "alert(1)" }));
    expect(itemsOfType("result")).toEqual([]);
    expect(bridge.stats().commands).toBe(0);
  });

  it("clears the page's history so a later hello does not bring old calls back", async () => {
    start();
    for (let i = 0; i < 5; i++) host.emitCall();
    page.deliver(command("clear", { name: "clear" }));
    expect(host.commands.clear).toHaveBeenCalledOnce();
    host.emitCall();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(page.callSeqs()).toEqual([6]);
  });
});

describe("telemetry never breaks the app", () => {
  it("counts a throwing postMessage and keeps the app's calls going", async () => {
    start();
    connect().port2.refuse = () => true;
    expect(() => {
      for (let i = 0; i < 3; i++) host.emitCall();
    }).not.toThrow();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(bridge.stats().postFailures).toBeGreaterThan(0);
    expect(host.errors.some((e) => e instanceof DOMException && e.name === "DataCloneError")).toBe(
      true,
    );
  });

  it("loses only the one item that cannot be cloned, not its batch", async () => {
    start();
    const channel = connect();
    await vi.advanceTimersByTimeAsync(0);
    channel.port2.refuse = (message) =>
      (message as PageMessage).batch.some(
        (item) => item.type === "call" && item.functionPath === "bad:fn",
      );
    host.emitCall(callRecord({ functionPath: "a:fn" }));
    host.emitCall(callRecord({ functionPath: "bad:fn" }));
    host.emitCall(callRecord({ functionPath: "c:fn" }));
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect((itemsOfType("call") as WireCall[]).map((c) => c.functionPath)).toEqual([
      "a:fn",
      "c:fn",
    ]);
    expect(bridge.stats().itemFailures).toBe(1);
  });

  it("skips a record that cannot be serialised and sends the others", async () => {
    start();
    connect();
    const broken = callRecord();
    Object.defineProperty(broken, "attemptDetails", {
      get() {
        throw new Error("broken record");
      },
    });
    host.emitCall(callRecord({ functionPath: "a:fn" }));
    host.emitCall(broken);
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect((itemsOfType("call") as WireCall[]).map((c) => c.functionPath)).toEqual(["a:fn"]);
    expect(bridge.stats().itemFailures).toBe(1);
  });
});

describe("setup and teardown", () => {
  it("is not created when turned off or when there is no window", () => {
    expect(createDevtoolsBridge(host, { ...settings, enabled: false }, page)).toBeNull();
    expect(createDevtoolsBridge(host, settings, undefined)).toBeNull();
    expect(page.posted).toEqual([]);
  });

  it("posts to the page's own origin, and to * only for an opaque origin", () => {
    start();
    expect(page.targetOrigins).toEqual(["http://127.0.0.1:5173"]);
    bridge.dispose();
    page = new FakePage("null");
    start();
    expect(page.targetOrigins).toEqual(["*"]);
  });

  it("stops listening, closes its port, unsubscribes and stops taking spans when disposed", async () => {
    start();
    const channel = connect();
    await vi.advanceTimersByTimeAsync(0);
    const postedWhileRunning = page.posted.length;
    const listenersWhileRunning = host.listenerCount;
    bridge.dispose();
    expect(page.listenerCount).toBe(0);
    expect(channel.port2.listenerCount).toBe(0);
    expect(channel.port2.closed).toBe(true);
    expect(host.listenerCount).toBe(listenersWhileRunning - 2);
    expect(vi.getTimerCount()).toBe(0);
    connect();
    channel.port1.postMessage(command("late", { name: "clear" }));
    host.emitCall();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(page.posted).toHaveLength(postedWhileRunning);
  });
});

describe("the private port from the content script's hello", () => {
  it("sends batches and answers only over the port: the page's message listeners see none of them", async () => {
    start();
    const channel = connect();
    for (let i = 0; i < 3; i++) host.emitCall();
    channel.port1.postMessage(command("c1", { name: "isolateBreaker", scope: "messages:send" }));
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(bridge.stats().overPort).toBe(true);
    expect(page.callSeqs()).toEqual([1, 2, 3]);
    expect(itemsOfType("result")).toEqual([{ type: "result", id: "c1", ok: true }]);
    // Only the start-up announcement went to the window.
    expect(page.via.filter((via) => via === "window")).toHaveLength(1);
    expect(page.via[0]).toBe("window");
  });

  it("replaces the port on a new hello, closes the old one, and resumes after since", async () => {
    start();
    const first = connect();
    for (let i = 0; i < 3; i++) host.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    const second = connect({ session: bridge.sessionId, since: 3 });
    expect(first.port2.closed).toBe(true);
    expect(first.port2.listenerCount).toBe(0);
    expect(second.port2.listenerCount).toBe(1);
    // A command still sent over the old port goes nowhere.
    first.port1.postMessage(command("old", { name: "isolateBreaker", scope: "messages:send" }));
    expect(host.registry.get("messages:send")?.state).toBe("closed");
    host.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(page.callSeqs()).toEqual([1, 2, 3, 4]);
  });

  it("holds one open port however often the panel reconnects", () => {
    start();
    const channels = Array.from({ length: 50 }, () => connect());
    const open = channels.filter((channel) => !channel.port2.closed);
    expect(open).toEqual([channels.at(-1)]);
    expect(channels.reduce((sum, channel) => sum + channel.port2.listenerCount, 0)).toBe(1);
    expect(page.listenerCount).toBe(1);
  });

  it("ignores bye and commands posted to the window while its port is open", async () => {
    start();
    connect();
    page.deliver(command("forged", { name: "isolateBreaker", scope: "messages:send" }));
    page.deliver(bye);
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(host.registry.get("messages:send")?.state).toBe("closed");
    expect(bridge.stats()).toMatchObject({ active: true, commands: 0 });
  });

  it("validates what arrives over the port as strictly as what arrives through the window", async () => {
    start();
    const channel = connect();
    await vi.advanceTimersByTimeAsync(0);
    const posted = page.posted.length;
    channel.port1.postMessage("bye");
    channel.port1.postMessage({ source: "convex-lens", v: PROTOCOL_VERSION, type: "bye" });
    channel.port1.postMessage({ ...bye, v: 2 });
    channel.port1.postMessage(
      JSON.parse(
        '{"source":"convex-lens-devtools","v":1,"type":"command","id":"p","__proto__":{}}',
      ),
    );
    channel.port1.postMessage(command("big", { name: "resetBreaker", scope: "x".repeat(10_000) }));
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(bridge.stats()).toMatchObject({ active: true, commands: 0 });
    expect(page.posted).toHaveLength(posted);
  });

  it("shares one port among the lenses of a page, and the last one disposed closes it", async () => {
    start();
    const first = bridge;
    const otherHost = new FakeDevtoolsHost();
    const second = createDevtoolsBridge(otherHost, settings, page);
    if (second === null) throw new Error("bridge not created");
    const channel = connect();
    expect(channel.port2.listenerCount).toBe(2);
    first.dispose();
    expect(channel.port2.closed).toBe(false);
    otherHost.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(page.posted.at(-1)?.session).toBe(second.sessionId);
    expect(page.via.at(-1)).toBe("port");
    second.dispose();
    expect(channel.port2.closed).toBe(true);
    expect(channel.port2.listenerCount).toBe(0);
    otherHost.onlineManager.dispose();
  });

  it("works over a real MessageChannel", async () => {
    vi.useRealTimers();
    start();
    const { port1, port2 } = new MessageChannel();
    const received: PageMessage[] = [];
    const closed = new Promise<void>((resolve) => port1.addEventListener("close", () => resolve()));
    port1.addEventListener("message", (event) => received.push(event.data as PageMessage));
    port1.start();
    const types = () => received.flatMap((message) => message.batch.map((item) => item.type));
    try {
      page.deliver(hello(), page, [port2]);
      host.emitCall();
      await vi.waitFor(() => expect(types()).toContain("call"), { timeout: 5_000 });
      port1.postMessage(command("real", { name: "isolateBreaker", scope: "messages:send" }));
      await vi.waitFor(() => expect(types()).toContain("result"), { timeout: 5_000 });
      expect(host.registry.get("messages:send")?.state).toBe("open");
      expect(page.via).toEqual(["window"]);
      // Node fires "close" on the other end when a port closes, so dispose is seen closing it.
      bridge.dispose();
      await closed;
    } finally {
      port1.close();
    }
  });
});

describe("a hello without a port (an extension from before the port)", () => {
  it("makes the bridge post its batches and answers to the window, as it used to", async () => {
    start();
    page.deliver(hello());
    host.emitCall();
    page.deliver(command("w1", { name: "isolateBreaker", scope: "messages:send" }));
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(bridge.stats().overPort).toBe(false);
    expect(page.callSeqs()).toEqual([1]);
    expect(itemsOfType("result")).toEqual([{ type: "result", id: "w1", ok: true }]);
    expect(new Set(page.via)).toEqual(new Set(["window"]));
    page.deliver(bye);
    expect(bridge.stats().active).toBe(false);
  });

  it("closes a port a previous hello brought, and moves back to the window", async () => {
    start();
    const channel = connect();
    page.deliver(hello({ session: bridge.sessionId, since: 0 }));
    expect(channel.port2.closed).toBe(true);
    host.emitCall();
    await vi.advanceTimersByTimeAsync(BRIDGE_FLUSH_MS);
    expect(page.via.at(-1)).toBe("window");
    expect(page.callSeqs()).toEqual([1]);
  });
});

describe("the DevTools span processor", () => {
  it("shows the page's own spans, with their parent, and skips the SDK's", async () => {
    start();
    const provider = new BasicTracerProvider({ spanProcessors: [createDevtoolsSpanProcessor()] });
    const appTracer = provider.getTracer("my-app");
    const parent = appTracer.startSpan("load board");
    const { trace, context } = await import("@opentelemetry/api");
    const child = appTracer.startSpan(
      "GET /avatar.png",
      { attributes: { "http.status_code": 200 } },
      trace.setSpan(context.active(), parent),
    );
    child.end();
    parent.end();
    provider.getTracer(SDK_NAME).startSpan("query messages:list").end();
    appTracer
      .startSpan("convex by attribute", { attributes: { "rpc.system.name": "convex" } })
      .end();
    connect();
    await vi.advanceTimersByTimeAsync(0);
    const spans = itemsOfType("span");
    expect(spans.map((s) => s.name)).toEqual(["GET /avatar.png", "load board"]);
    expect(spans[0]?.parentSpanId).toBe(parent.spanContext().spanId);
    expect(spans[0]).toMatchObject({ scope: "my-app", spanKind: "internal", status: "unset" });
    expect(spans[0]?.attributes["http.status_code"]).toBe(200);
    await provider.shutdown();
  });

  it("swallows a broken span instead of throwing into the tracer", () => {
    start();
    const processor = createDevtoolsSpanProcessor();
    expect(() => processor.onEnd(null as never)).not.toThrow();
  });
});
