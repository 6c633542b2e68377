import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { type CreateLensOptions, createLens, type Lens } from "../lens.js";
import { logger } from "../modules/logger.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const suggest = makeFunctionReference<"action">("ai:suggest");

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: CreateLensOptions = {}) {
  lens = createLens({ devtools: false, ...options });
  return lens;
}

/** Resolves to "pending" while `promise` has not settled yet. */
async function stateOf(promise: Promise<unknown>): Promise<string> {
  return Promise.race([
    promise.then(
      () => "resolved",
      (error: { code?: string }) => `rejected ${error.code}`,
    ),
    wait(0).then(() => "pending"),
  ]);
}

describe("an instrumented ConvexClient", () => {
  it("passes the official subscription's log lines through getQueryLogs()", () => {
    const lens = setup();
    const socket = scriptedSocketClient(() => "ok");
    socket.queryLogs = ["[LOG] 'listing' 1"];
    const client = lens.instrument(socket.client);
    const subscription = client.onUpdate(list, {}, () => {});
    // `getQueryLogs` is marked internal in convex's published types.
    const logs = (
      subscription as unknown as { getQueryLogs(): string[] | undefined }
    ).getQueryLogs();
    expect(logs).toEqual(["[LOG] 'listing' 1"]);
    subscription();
  });

  it("hands the client a mutation's own options (an optimistic update) as the app gave them", async () => {
    const lens = setup();
    const socket = scriptedSocketClient(() => "ok");
    const received: unknown[][] = [];
    const raw = socket.client.mutation;
    socket.client.mutation = ((...args: Parameters<typeof raw>) => {
      received.push(args.slice(1));
      return raw.apply(socket.client, args);
    }) as typeof raw;
    const client = lens.instrument(socket.client);
    const options = { optimisticUpdate: () => {} };
    await client.mutation(send, { body: "a" }, options);
    await client.mutation(send, { body: "b" });
    expect(received).toEqual([[{ body: "a" }, options], [{ body: "b" }]]);
  });
});

describe("WebSocket mutation timeouts", () => {
  it("pause while the socket is down, so a mutation the client re-sends on reconnect lands", async () => {
    const lens = setup({ timeoutMs: { mutation: 60 } });
    let answer: (value: string) => void = () => {};
    const socket = scriptedSocketClient(() => new Promise((resolve) => (answer = resolve)), {
      connected: false,
    });
    const client = lens.instrument(socket.client);
    const mutation = client.mutation(send, {});
    await wait(250);
    expect(await stateOf(mutation)).toBe("pending");
    socket.setConnected(true);
    answer("landed");
    await expect(mutation).resolves.toBe("landed");
  });

  it("count only connected time: a mutation that never answers fails with OUTCOME_UNKNOWN once its timeout passed connected", async () => {
    const lens = setup({ timeoutMs: { mutation: 150 } });
    const socket = scriptedSocketClient(() => new Promise(() => {}));
    const client = lens.instrument(socket.client);
    const mutation = client.mutation(send, {});
    await wait(60);
    socket.setConnected(false);
    await wait(300);
    expect(await stateOf(mutation)).toBe("pending");
    socket.setConnected(true);
    const reconnectedAt = Date.now();
    await expect(mutation).rejects.toMatchObject({ code: "OUTCOME_UNKNOWN" });
    // About 90 ms of the timeout were left at the drop (plus the wheel's 50 ms resolution).
    expect(Date.now() - reconnectedAt).toBeLessThan(250);
  });

  it("leave query timeouts on wall time", async () => {
    const lens = setup({ timeoutMs: { query: 40 }, retry: false });
    const socket = scriptedSocketClient(() => new Promise(() => {}), { connected: false });
    const client = lens.instrument(socket.client);
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "TIMEOUT" });
  });
});

describe("bulkheads and WebSocket mutations", () => {
  it("never refuse a write the raw client would queue while the socket is down: such mutations take no slot", async () => {
    const lens = setup({ functions: { "messages:send": { maxConcurrent: 1, maxQueued: 1 } } });
    // The client holds each write until the socket is back, then delivers it (re-sent, deduplicated).
    const held: (() => void)[] = [];
    const socket = scriptedSocketClient(
      () => new Promise((resolve) => held.push(() => resolve("landed"))),
    );
    const client = lens.instrument(socket.client);
    const inFlight = client.mutation(send, {});
    socket.setConnected(false);
    const writes = [inFlight, ...[1, 2, 3].map(() => client.mutation(send, {}))];
    await wait(10);
    expect(await Promise.all(writes.map(stateOf))).toEqual(writes.map(() => "pending"));
    // Every write reached the client, as without the lens.
    expect(socket.sent).toHaveLength(4);
    socket.setConnected(true);
    for (const answer of held) answer();
    await expect(Promise.all(writes)).resolves.toEqual(writes.map(() => "landed"));
  });

  it("still cap actions over the same socket", async () => {
    const lens = setup({ functions: { "ai:*": { maxConcurrent: 1, maxQueued: 1 } } });
    const held: (() => void)[] = [];
    const socket = scriptedSocketClient(
      () => new Promise((resolve) => held.push(() => resolve("ok"))),
    );
    const client = lens.instrument(socket.client);
    const first = client.action(suggest, {});
    const second = client.action(suggest, {});
    await expect(client.action(suggest, {})).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await wait(0);
    expect(socket.sent).toHaveLength(1);
    held.shift()?.();
    await expect(first).resolves.toBe("ok");
    await wait(0);
    held.shift()?.();
    await expect(second).resolves.toBe("ok");
  });
});

describe("the breaker's slow-call clock for WebSocket mutations", () => {
  it("counts only connected time, so a mutation that waited out an outage is not a slow call", async () => {
    // ~10 ms connected against a 1 s outage: wide margins, so a loaded machine's late timers cannot
    // make the connected part slow.
    const lens = setup({ breaker: { slowCallMs: 600, minimumCalls: 1 } });
    let answer: (value: string) => void = () => {};
    const socket = scriptedSocketClient(() => new Promise((resolve) => (answer = resolve)));
    const client = lens.instrument(socket.client);
    const mutation = client.mutation(send, {});
    await wait(10);
    socket.setConnected(false);
    await wait(1_000);
    socket.setConnected(true);
    answer("landed");
    await expect(mutation).resolves.toBe("landed");
    expect(lens.breakers()).toMatchObject([
      { scope: "messages:send", state: "closed", slowCalls: 0 },
    ]);
  });

  it("still counts a mutation slow while connected", async () => {
    const lens = setup({ breaker: { slowCallMs: 50, slowCallRateThreshold: 1, minimumCalls: 5 } });
    const socket = scriptedSocketClient(() => wait(80).then(() => "landed"));
    const client = lens.instrument(socket.client);
    await client.mutation(send, {});
    expect(lens.breakers()).toMatchObject([{ scope: "messages:send", slowCalls: 1 }]);
  });
});

describe("a subscription whose breaker is open", () => {
  const unwell = () =>
    new Error("[CONVEX Q(messages:list)] [Request ID: 0123456789abcdef] Server Error");

  it("keeps showing the last good result with the error available, and recovers after the breaker's open time", async () => {
    const lens = setup({ retry: false, breaker: { consecutiveFailures: 1, openMs: 300 } });
    const socket = scriptedSocketClient(() => {
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
    });
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
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "NETWORK" });
    expect(lens.breakers()[0]?.state).toBe("open");

    socket.fail("messages:list", unwell());
    expect(errors).toEqual([]);
    expect(values).toEqual([["a"]]);
    expect(subscription.getCurrentValue()).toEqual(["a"]);
    expect(lens.subscriptions()[0]?.error?.code).toBeDefined();
    expect(socket.subscribers("messages:list")).toBe(0);

    await wait(400);
    expect(socket.subscribers("messages:list")).toBe(1);
    socket.push("messages:list", ["a", "b"]);
    expect(values.at(-1)).toEqual(["a", "b"]);
    expect(lens.subscriptions()[0]?.error).toBeUndefined();
    subscription();
  });

  it("still surfaces a failure while the breaker is closed", () => {
    const lens = setup({ retry: false });
    const socket = scriptedSocketClient(() => "ok");
    const client = lens.instrument(socket.client);
    const errors: unknown[] = [];
    const subscription = client.onUpdate(
      list,
      {},
      () => {},
      (error) => errors.push(error),
    );
    socket.push("messages:list", ["a"]);
    socket.fail("messages:list", unwell());
    expect(errors).toHaveLength(1);
    subscription();
  });
});

describe("console output of a failed call", () => {
  const refused = () =>
    Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
  const retries = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

  it("is the client's own line once per call, not once per attempt", async () => {
    const lens = setup({ retry: retries });
    const socket = scriptedSocketClient(() => {
      throw refused();
    });
    const client = lens.instrument(socket.client);
    await expect(client.mutation(send, {})).rejects.toMatchObject({ code: "NETWORK" });
    expect(socket.sent).toHaveLength(3);
    expect(socket.printedErrors).toHaveLength(1);
    expect(socket.printedErrors[0]).toMatch(/^\[CONVEX M\(messages:send\)\] /);
  });

  it("is nothing when a retry succeeds", async () => {
    const lens = setup({ retry: retries });
    let n = 0;
    const socket = scriptedSocketClient(() => {
      if (n++ === 0) throw refused();
      return "ok";
    });
    const client = lens.instrument(socket.client);
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    expect(socket.printedErrors).toEqual([]);
  });

  it("is the lens's line alone when the lens logs failed calls", async () => {
    const lines: string[] = [];
    const lens = setup({
      retry: retries,
      use: [logger({ level: "warn", sink: (record) => lines.push(record.message) })],
    });
    const socket = scriptedSocketClient(() => {
      throw refused();
    });
    const client = lens.instrument(socket.client);
    await expect(client.mutation(send, {})).rejects.toMatchObject({ code: "NETWORK" });
    expect(socket.printedErrors).toEqual([]);
    expect(lines.filter((line) => line.includes("messages:send"))).toHaveLength(1);
  });
});
