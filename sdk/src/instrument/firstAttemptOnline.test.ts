// @vitest-environment happy-dom
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { faults } from "../modules/faults.js";
import type { LensOptions } from "../options.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");

const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const browserGoes = (online: boolean) =>
  window.dispatchEvent(new Event(online ? "online" : "offline"));

let lens: Lens | undefined;
afterEach(async () => {
  browserGoes(true);
  await lens?.shutdown();
  lens = undefined;
});

function setup(options: LensOptions = {}) {
  const withFaults = createLens({ devtools: false, ...options, use: [faults()] });
  lens = withFaults;
  return withFaults;
}

describe("the network and a call's first attempt", () => {
  it("sends a first attempt while the browser reports offline, as the raw client would", async () => {
    const lens = setup({ retry: false });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    browserGoes(false);
    expect(lens.online.isOnline()).toBe(false);
    await expect(client.mutation(send, {})).resolves.toBe("ok");
    await expect(client.query(list, {})).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
  });

  it("pauses only the retry while the browser reports offline, and sends it once back online", async () => {
    const lens = setup({ retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    let n = 0;
    const { client, sent } = scriptedClient(() => {
      if (n++ === 0) throw overloaded();
      return "ok";
    });
    lens.instrument(client);
    browserGoes(false);
    const pending = client.query(list, {});
    await wait(40);
    expect(sent).toHaveLength(1);
    browserGoes(true);
    await expect(pending).resolves.toBe("ok");
    expect(sent).toHaveLength(2);
  });

  it("holds a first attempt under simulated offline, even with retries off, and sends it when it ends", async () => {
    const lens = setup({ retry: false });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    lens.faults.set({ offline: true });
    const pending = client.mutation(send, {});
    await wait(30);
    expect(sent).toHaveLength(0);
    lens.faults.clear();
    await expect(pending).resolves.toBe("ok");
    expect(sent).toHaveLength(1);
  });

  it("holds a first attempt while lens.setOnline(false), and fails it with OFFLINE after online.waitTimeoutMs", async () => {
    const lens = setup({ retry: false, online: { waitTimeoutMs: 50 } });
    const { client, sent } = scriptedClient(() => "ok");
    lens.instrument(client);
    lens.setOnline(false);
    const started = Date.now();
    await expect(client.mutation(send, {})).rejects.toMatchObject({ code: "OFFLINE" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sent).toHaveLength(0);
    lens.setOnline("auto");
    await expect(client.mutation(send, {})).resolves.toBe("ok");
  });

  it("starts a held call's timeout when it is sent, not while it was held", async () => {
    const lens = setup({ retry: false, timeoutMs: { mutation: 60 } });
    const { client } = scriptedClient(() => wait(30).then(() => "ok"));
    lens.instrument(client);
    lens.setOnline(false);
    const pending = client.mutation(send, {});
    await wait(100);
    lens.setOnline("auto");
    await expect(pending).resolves.toBe("ok");
  });

  it("rejects an online.waitTimeoutMs that is not a duration with a CONFIGURATION error", () => {
    expect(() => setup({ online: { waitTimeoutMs: -1 } })).toThrow(/online\.waitTimeoutMs/);
    expect(() => setup({ online: { wait: 1 } as never })).toThrow(/online\.wait is not an option/);
  });
});
