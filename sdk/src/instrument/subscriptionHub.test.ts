import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { everything } from "../modules/everything.js";
import type { LensOptions } from "../options.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

const list = makeFunctionReference<"query">("messages:list");

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
// An outage as the client reports it: the fetch under the socket failed (transient, retryable).
const outage = () =>
  Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions = {}) {
  const full = createLens({ devtools: false, ...options, use: everything() });
  lens = full;
  const records: CallRecord[] = [];
  full.onCall((record) => records.push(record));
  return { lens: full, records };
}

describe("breakers and subscriptions", () => {
  it("count repeated failures of a function's subscriptions toward its breaker", () => {
    const { lens } = setup({ retry: false, breaker: { consecutiveFailures: 3, openMs: 10_000 } });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stops = [1, 2, 3].map((n) =>
      client.onUpdate(
        list,
        { n },
        () => {},
        () => {},
      ),
    );
    socket.push("messages:list", ["a"]);
    expect(lens.breakers()[0]?.state).toBe("closed");
    socket.fail("messages:list", outage());
    expect(lens.breakers()[0]?.state).toBe("open");
    for (const stop of stops) stop();
  });

  it("count a subscription update as a success, so failures between updates never open it", () => {
    const { lens } = setup({ retry: false, breaker: { consecutiveFailures: 2, openMs: 10_000 } });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      () => {},
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", outage());
    socket.push("messages:list", ["a", "b"]);
    socket.fail("messages:list", outage());
    expect(lens.breakers()[0]?.state).toBe("closed");
    socket.push("messages:list", ["a", "b"]);
    socket.fail("messages:list", outage());
    socket.fail("messages:list", outage());
    expect(lens.breakers()[0]?.state).toBe("open");
    stop();
  });

  it("keep a live subscription's last result once its own failures open the breaker, with the error to show", () => {
    const { lens } = setup({ retry: false, breaker: { consecutiveFailures: 1, openMs: 10_000 } });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const values: unknown[] = [];
    const errors: unknown[] = [];
    const subscription = client.onUpdate(
      list,
      {},
      (value) => values.push(value),
      (error) => errors.push(error),
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", outage());
    expect(lens.breakers()[0]?.state).toBe("open");
    expect(errors).toEqual([]);
    expect(subscription.getCurrentValue()).toEqual(["a"]);
    expect(lens.subscriptions()[0]?.error?.code).toBe("NETWORK");
    subscription();
  });
});

describe("failures after a subscription's first result", () => {
  const unwell = () =>
    new Error("[CONVEX Q(messages:list)] [Request ID: 0123456789abcdef] Server Error");

  it("are recorded as failed calls that count in the metrics", () => {
    const { lens, records } = setup({ retry: false });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      () => {},
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", unwell());
    expect(records).toHaveLength(2);
    const failure = records[1];
    expect(failure).toMatchObject({
      subscription: true,
      afterFirstResult: true,
      functionMs: null,
      error: { code: "SERVER_ERROR" },
    });
    const totals = lens.metrics().totals.query.session;
    expect(totals.failures).toBe(1);
    // Nothing timed a pushed failure: it is not a latency sample.
    expect(totals.latency?.count).toBe(1);
    stop();
  });

  it("show as a recovered failure when a retry masked them", async () => {
    const { lens, records } = setup({
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const errors: unknown[] = [];
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      (error) => errors.push(error),
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", outage());
    await wait(20);
    expect(socket.subscribers("messages:list")).toBe(1);
    socket.push("messages:list", ["a"]);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      afterFirstResult: true,
      recovered: true,
      error: null,
      attempts: 2,
    });
    expect(records[1]?.attemptDetails[0]?.error?.code).toBe("NETWORK");
    stop();
  });

  it("are recorded when the subscription closes while its failure is still hidden", () => {
    const { lens, records } = setup({
      retry: false,
      breaker: { consecutiveFailures: 1, openMs: 10_000 },
    });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      () => {},
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", outage());
    expect(records).toHaveLength(1);
    stop();
    expect(records[1]).toMatchObject({ afterFirstResult: true, error: { code: "NETWORK" } });
  });
});

describe("a subscription's first result", () => {
  it("keeps the wait for the socket apart from the function's latency", async () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok", { connected: false });
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(list, {}, () => {});
    await wait(150);
    socket.setConnected(true);
    await wait(30);
    socket.push("messages:list", ["a"]);
    const record = records[0] as CallRecord;
    expect(record.connectMs).toBeGreaterThanOrEqual(140);
    expect(record.functionMs).toBeLessThan(100);
    expect(record.durationMs).toBeGreaterThanOrEqual(170);
    expect(lens.metrics().totals.query.session.latency?.max).toBeLessThan(100);
    const connection = lens.health().checks.find((check) => check.name === "connection");
    expect(connection?.status).toBe("healthy");
    expect(connection?.message).toMatch(/1 call waited up to \d+ ms for the WebSocket to connect/);
    stop();
  });

  it("has no connection wait when the socket was already up", () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(list, {}, () => {});
    socket.push("messages:list", ["a"]);
    expect(records[0]?.connectMs).toBe(0);
    stop();
  });
});

describe("a page of a paginated query", () => {
  it("is never retried by re-subscribing: its failure surfaces, as the docs say", async () => {
    const { lens } = setup({ retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2 } });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const errors: unknown[] = [];
    const page = { paginationOpts: { numItems: 5, cursor: null, id: 1 } };
    const stop = client.onUpdate(
      list,
      page,
      () => {},
      (error) => errors.push(error),
    );
    socket.fail("messages:list", outage());
    await wait(20);
    expect(errors).toHaveLength(1);
    expect(socket.subscribers("messages:list")).toBe(1);
    stop();
  });
});

describe("server log lines", () => {
  const send = makeFunctionReference<"mutation">("messages:send");
  const logEvents = (record: CallRecord | undefined) =>
    (record?.events ?? [])
      .filter((event) => event.name === "convex.log")
      .map((event) => event.attributes?.text);

  it("go to the mutation whose response carried them, not to another call of the same function", async () => {
    const { lens, records } = setup({ retry: false });
    let release: (value: string) => void = () => {};
    const socket = scriptedSocketClient((call) =>
      (call.args as { n: number }).n === 1
        ? new Promise<string>((resolve) => (release = resolve))
        : "second",
    );
    socket.responseLogs = (call) => [`[LOG] 'for call ${(call.args as { n: number }).n}'`];
    const client = lens.instrument(socket.client);
    const first = client.mutation(send, { n: 1 });
    await client.mutation(send, { n: 2 });
    release("first");
    await first;
    expect(records).toHaveLength(2);
    expect(logEvents(records[0])).toEqual(["'for call 2'"]);
    expect(logEvents(records[1])).toEqual(["'for call 1'"]);
  });

  it("go to the subscription whose result carried them, not to a subscription of the same function with other args", () => {
    const { lens, records } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stopA = client.onUpdate(list, { channel: "a" }, () => {});
    socket.queryLogs = ["[LOG] 'listing a'"];
    socket.push("messages:list", ["a"]);
    const stopB = client.onUpdate(list, { channel: "b" }, () => {});
    socket.queryLogs = ["[LOG] 'listing b'"];
    // Only the new subscription has no result yet; the client hands B's lines with B's result.
    socket.push("messages:list", ["b"]);
    expect(logEvents(records[0])).toEqual(["'listing a'"]);
    expect(logEvents(records[1])).toEqual(["'listing b'"]);
    // A's own later result (B's lines, in this double) is kept on A's record, not B's span twice.
    expect(lens.subscriptions().map((s) => s.recentLogs)).toEqual([["[LOG] 'listing b'"], []]);
    stopA();
    stopB();
  });

  it("shows a subscription's recent server log lines in lens.subscriptions() redacted", () => {
    const { lens } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(list, { channel: "a" }, () => {});
    socket.push("messages:list", ["first"]);
    socket.queryLogs = ["[LOG] 'key sk_live_51Habcdefghijklmnop'"];
    socket.push("messages:list", ["later"]);
    const logs = lens.subscriptions()[0]?.recentLogs ?? [];
    expect(logs).toHaveLength(1);
    expect(logs[0]).not.toContain("sk_live_51Habcdefghijklmnop");
    expect(logs[0]).toContain("[REDACTED]");
    stop();
  });
});

describe("lens.subscriptions() for the Subscriptions view", () => {
  it("lists each subscription's state, first result and history: loading, live, error, recovered", () => {
    const { lens } = setup({ retry: false });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const stop = client.onUpdate(
      list,
      {},
      () => {},
      () => {},
    );
    expect(lens.subscriptions()[0]).toMatchObject({ state: "loading", history: [] });
    socket.push("messages:list", ["a"]);
    socket.push("messages:list", ["a", "b"]);
    const live = lens.subscriptions()[0];
    expect(live?.state).toBe("live");
    expect(live?.firstResult).toEqual({
      at: expect.any(Number),
      connectMs: expect.any(Number),
      functionMs: expect.any(Number),
    });
    socket.fail("messages:list", outage());
    expect(lens.subscriptions()[0]?.state).toBe("error");
    socket.push("messages:list", ["a", "b", "c"]);
    const recovered = lens.subscriptions()[0];
    expect(recovered?.state).toBe("live");
    expect(recovered?.history.map((e) => e.event)).toEqual([
      "firstResult",
      "update",
      "failure",
      "recovery",
      "update",
    ]);
    expect(recovered?.history[2]?.code).toBe("NETWORK");
    stop();
  });

  it("keeps at most the last 20 events of a busy subscription's history", () => {
    const { lens } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const stop = lens.instrument(socket.client).onUpdate(list, {}, () => {});
    for (let i = 0; i < 100; i++) socket.push("messages:list", [i]);
    const [snapshot] = lens.subscriptions();
    expect(snapshot?.history).toHaveLength(20);
    expect(snapshot?.updates).toBe(99);
    stop();
  });

  it("shows args and the current result only when capture is on, redacted", () => {
    const { lens } = setup({ capture: { args: true, results: true } });
    const socket = scriptedSocketClient(() => "ok");
    const stop = lens
      .instrument(socket.client)
      .onUpdate(list, { password: "hunter2", channel: "general" }, () => {});
    socket.push("messages:list", ["hello"]);
    const [snapshot] = lens.subscriptions();
    expect(snapshot?.args).toContain("general");
    expect(snapshot?.args).not.toContain("hunter2");
    expect(snapshot?.result).toContain("hello");
    stop();
  });

  it("leaves args and result out when capture is off", () => {
    const { lens } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const stop = lens.instrument(socket.client).onUpdate(list, { channel: "general" }, () => {});
    socket.push("messages:list", ["hello"]);
    const [snapshot] = lens.subscriptions();
    expect(snapshot).not.toHaveProperty("args");
    expect(snapshot).not.toHaveProperty("result");
    stop();
  });

  it("names a paginated query's page by its size and whether it is the first", () => {
    const { lens } = setup();
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const first = client.onUpdate(
      list,
      { paginationOpts: { numItems: 10, cursor: null } },
      () => {},
    );
    const next = client.onUpdate(
      list,
      { paginationOpts: { numItems: 10, cursor: "c1" } },
      () => {},
    );
    expect(lens.subscriptions().map((s) => s.page)).toEqual([
      { numItems: 10, first: true },
      { numItems: 10, first: false },
    ]);
    expect(new Set(lens.subscriptions().map((s) => s.id)).size).toBe(2);
    first();
    next();
  });
});

describe("an app callback that throws", () => {
  it("does not stop the other listeners of a shared subscription, and is raised rather than swallowed", async () => {
    // The error reaches the page as an unhandled rejection; a listener of ours takes it (Vitest then
    // leaves it to us instead of failing the run).
    const raised: unknown[] = [];
    const onRaised = (reason: unknown) => raised.push(reason);
    process.on("unhandledRejection", onRaised);
    try {
      const { lens } = setup();
      const socket = scriptedSocketClient(() => "ok");
      const client = lens.instrument(socket.client);
      const bug = new Error("the app's bug");
      const late = new Error("the late joiner's bug");
      const seen: unknown[] = [];
      const stopThrowing = client.onUpdate(list, {}, () => {
        throw bug;
      });
      const stopSeeing = client.onUpdate(list, {}, (value) => seen.push(value));
      expect(() => socket.push("messages:list", ["a"])).not.toThrow();
      expect(seen).toEqual([["a"]]);
      // A listener that joins later is handed the current result, and may throw too.
      const stopLate = client.onUpdate(list, {}, () => {
        throw late;
      });
      await wait(10);
      expect(raised).toEqual([bug, late]);
      socket.push("messages:list", ["a", "b"]);
      expect(seen).toEqual([["a"], ["a", "b"]]);
      await wait(10);
      expect(raised).toEqual([bug, late, bug, late]);
      for (const stop of [stopThrowing, stopSeeing, stopLate]) stop();
    } finally {
      process.off("unhandledRejection", onRaised);
    }
  });
});
