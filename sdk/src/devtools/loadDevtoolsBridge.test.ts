import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens } from "../lens.js";
import type { DevtoolsLens } from "./lensDevtoolsHost.js";
import { loadDevtoolsBridge } from "./loadDevtoolsBridge.js";
import { DEVTOOLS_SOURCE, PROTOCOL_VERSION } from "./protocol.js";
import { FakePage } from "./test-support/fakeDevtoolsHost.js";

const list = makeFunctionReference<"query">("messages:list");
const hello = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" };
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("loadDevtoolsBridge", () => {
  it("keeps the calls that finish while the bridge loads, so its history starts with the first", async () => {
    const lens = createLens({ devtools: false });
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    const page = new FakePage();
    const stop = loadDevtoolsBridge(lens, true, () => {}, page);
    await client.query(list, {}); // before the bridge's chunk has loaded
    expect(page.listenerCount).toBe(0);
    await expect.poll(() => page.listenerCount).toBe(1);
    await client.query(list, {});
    page.deliver(hello);
    await tick(150);
    const calls = page.items().filter((item) => item.type === "call");
    expect(calls).toHaveLength(2);
    stop();
    expect(page.listenerCount).toBe(0);
    await lens.shutdown();
  });

  it("holds the calls begun while it loads, up to its buffer size, and lists them in flight", async () => {
    const lens = createLens({ devtools: false });
    const { client } = scriptedClient(() => new Promise(() => {}));
    lens.instrument(client);
    const page = new FakePage();
    const stop = loadDevtoolsBridge(lens, { enabled: true, bufferSize: 2 }, () => {}, page);
    // A chunk that never loaded must not keep every hanging call: three begin, two are held.
    for (let i = 0; i < 3; i++) void client.query(list, { i });
    await expect.poll(() => page.listenerCount).toBe(1);
    page.deliver(hello);
    await tick(150);
    const inflight = page.items().filter((item) => item.type === "inflight");
    expect(inflight.at(-1)).toMatchObject({ total: 2 });
    stop();
    await lens.shutdown();
  });

  it("starts nothing, and holds no call in flight, when stopped before it has loaded, or when turned off", async () => {
    const lens = createLens({ devtools: false });
    const page = new FakePage();
    const stop = loadDevtoolsBridge(lens, true, () => {}, page);
    const { runtime } = lens as DevtoolsLens;
    expect(runtime?.inflight).toBeDefined();
    stop();
    expect(runtime?.inflight).toBeUndefined();
    loadDevtoolsBridge(lens, false, () => {}, page);
    await import("./lensDevtoolsHost.js");
    await tick(10);
    expect(page.listenerCount).toBe(0);
    await lens.shutdown();
  });
});
