import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEVTOOLS_SOURCE, PROTOCOL_VERSION, type WireInflightCalls } from "../devtools/protocol.js";
import { FakePage } from "../devtools/test-support/fakeDevtoolsHost.js";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { InflightCalls, MAX_INFLIGHT_CALLS } from "./inflightCalls.js";
import { scriptedClient } from "./test-support/scriptedClient.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

// The calls in flight reach a DevTools panel through a real lens and its bridge on a fake page:
// what the page posts is what the panel would list. Timers and Date are faked.

const send = makeFunctionReference<"mutation">("messages:send");
const list = makeFunctionReference<"query">("messages:list");
const hello = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" };
const bye = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "bye" };
const T0 = 1_800_000_000_000;
const outage = () =>
  Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });

let lens: Lens | undefined;
let page: FakePage;
beforeEach(async () => {
  // Loaded now, so the lens's dynamic import of the bridge resolves without a timer.
  await import("../devtools/lensDevtoolsHost.js");
  vi.useFakeTimers({
    now: T0,
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  page = new FakePage();
  vi.stubGlobal("window", page);
});
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A lens whose bridge has loaded on the fake page (dormant: no panel yet). */
async function setup(options: LensOptions = {}): Promise<Lens> {
  lens = createLens({ devtools: true, ...options });
  await vi.waitFor(() => expect(page.listenerCount).toBe(1));
  return lens;
}

/** The calls in flight the last snapshot posted showed; undefined when none was posted. */
function shown(): WireInflightCalls | undefined {
  return page
    .items()
    .filter((item): item is WireInflightCalls => item.type === "inflight")
    .at(-1);
}

async function connectPanel(): Promise<void> {
  page.deliver(hello);
  await vi.advanceTimersByTimeAsync(150);
}

describe("calls in flight, as a DevTools panel sees them", () => {
  it("lists a mutation held by a down socket as waiting for the WebSocket, and drops it once it settles", async () => {
    await setup();
    await connectPanel();
    let answer = (_value: string) => {};
    const socket = scriptedSocketClient(
      () =>
        new Promise<string>((resolve) => {
          answer = resolve;
        }),
    );
    const client = lens!.instrument(socket.client);
    socket.setConnected(false);
    const startedAt = Date.now();
    const pending = client.mutation(send, { body: "hi" });
    await vi.advanceTimersByTimeAsync(1_000);

    expect(shown()?.calls).toEqual([
      {
        id: expect.any(String),
        functionPath: "messages:send",
        kind: "mutation",
        transport: "websocket",
        startedAt,
        attempt: 1,
        waitingFor: "socket",
      },
    ]);
    expect(shown()?.total).toBe(1);

    // The socket is back: sent, and awaiting the server.
    socket.setConnected(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.calls[0]?.waitingFor).toBe("server");

    answer("ok");
    await expect(pending).resolves.toBe("ok");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()).toMatchObject({ total: 0, calls: [] });
  });

  it("says a call waits for the WebSocket only when its own client's socket is down, with two clients", async () => {
    await setup();
    await connectPanel();
    const never = () => new Promise<string>(() => {});
    const up = scriptedSocketClient(never);
    const down = scriptedSocketClient(never);
    const upClient = lens!.instrument(up.client);
    const downClient = lens!.instrument(down.client);
    down.setConnected(false);
    void upClient.mutation(send, { on: "up" });
    void downClient.mutation(send, { on: "down" });
    await vi.advanceTimersByTimeAsync(1_000);
    // The lens-wide state is disconnected (one socket is down), yet the call on the connected
    // client awaits its server.
    expect(lens!.online.isConnected()).toBe(false);
    expect(shown()?.calls.map((call) => call.waitingFor)).toEqual(["server", "socket"]);

    // The sockets swap: each call's label follows its own client.
    down.setConnected(true);
    up.setConnected(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.calls.map((call) => call.waitingFor)).toEqual(["socket", "server"]);
  });

  it("says a query is backing off before its retry, on its failed attempt's number", async () => {
    await setup({ retry: { maxAttempts: 3, initialDelayMs: 5_000, jitter: "none" } });
    await connectPanel();
    let attempt = 0;
    const { client } = scriptedClient(() => {
      if (attempt++ === 0) throw outage();
      return new Promise(() => {});
    });
    lens!.instrument(client);
    void client.query(list, {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.calls[0]).toMatchObject({
      transport: "http",
      attempt: 1,
      waitingFor: "backoff",
    });

    await vi.advanceTimersByTimeAsync(5_000);
    expect(shown()?.calls[0]).toMatchObject({ attempt: 2, waitingFor: "server" });
  });

  it("says a call waits for a bulkhead slot, or is held offline", async () => {
    await setup({ functions: { "messages:list": { maxConcurrent: 1, maxQueued: 5 } } });
    await connectPanel();
    const { client } = scriptedClient(() => new Promise(() => {}));
    lens!.instrument(client);
    void client.query(list, {});
    void client.query(list, { second: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.calls.map((call) => call.waitingFor)).toEqual(["server", "bulkhead"]);

    lens!.setOnline(false);
    void client.mutation(send, {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.calls.map((call) => call.waitingFor)).toEqual([
      "server",
      "bulkhead",
      "offline",
    ]);
  });

  it("lists a call begun while the bridge's chunk was still loading", async () => {
    lens = createLens({ devtools: true });
    const { client } = scriptedClient(() => new Promise(() => {}));
    lens.instrument(client);
    const settled = scriptedClient(() => "ok");
    lens.instrument(settled.client);
    // Both begin before the bridge has loaded (its import resolves on a later turn).
    expect(page.listenerCount).toBe(0);
    const startedAt = Date.now();
    void client.query(list, { at: "start" });
    await settled.client.query(list, { settles: true });
    await vi.waitFor(() => expect(page.listenerCount).toBe(1));
    await connectPanel();
    expect(shown()).toMatchObject({ total: 1, calls: [{ startedAt, waitingFor: "server" }] });
  });

  it("lists the calls begun before a panel connected, and those begun between two panels", async () => {
    await setup();
    const { client } = scriptedClient(() => new Promise(() => {}));
    lens!.instrument(client);
    // The app looks stuck, and only then is DevTools opened.
    const startedAt = Date.now();
    void client.query(list, { before: "hello" });
    await vi.advanceTimersByTimeAsync(5_000);
    await connectPanel();
    expect(shown()).toMatchObject({ total: 1, calls: [{ startedAt, waitingFor: "server" }] });
    void client.query(list, { during: "panel" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(shown()?.total).toBe(2);

    page.deliver(bye);
    void client.query(list, { after: "bye" });
    page.posted.length = 0;
    await connectPanel();
    expect(shown()?.total).toBe(3);
  });
});

describe("InflightCalls", () => {
  it("holds at most MAX_INFLIGHT_CALLS, however many calls a page leaves hanging", () => {
    const registry = new InflightCalls({ holdsCalls: () => false });
    const call = (i: number) => ({
      target: { functionPath: `f:${i}`, kind: "query", transport: "http" },
      trace: { startedAt: i, attempts: 1 },
      waiting: "server",
      socket: undefined,
    });
    for (let i = 0; i < MAX_INFLIGHT_CALLS + 5; i++) {
      registry.add(call(i) as unknown as Parameters<InflightCalls["add"]>[0]);
    }
    expect(registry.size).toBe(MAX_INFLIGHT_CALLS);
    expect(registry.list()).toHaveLength(MAX_INFLIGHT_CALLS);
  });
});
