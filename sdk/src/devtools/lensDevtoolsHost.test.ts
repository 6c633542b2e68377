import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens, type Lens } from "../lens.js";
import { everything } from "../modules/everything.js";
import type { DevtoolsBridge } from "./bridge.js";
import { startDevtoolsBridge } from "./lensDevtoolsHost.js";
import {
  type CommandMessage,
  DEVTOOLS_SOURCE,
  type DevtoolsCommand,
  PROTOCOL_VERSION,
  type WireCall,
  type WireItem,
} from "./protocol.js";
import { FakePage } from "./test-support/fakeDevtoolsHost.js";

const list = makeFunctionReference<"query">("messages:list");

let lens: Lens;
let bridge: DevtoolsBridge | null = null;

afterEach(async () => {
  bridge?.dispose();
  await lens.shutdown();
});

/** What the content script posts for a panel's command. */
function command(id: string, body: DevtoolsCommand): CommandMessage {
  return { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "command", id, command: body };
}

// Polls what the page posted (real timers: the bridge batches every 100 ms, state every second).
function until<T extends WireItem["type"]>(
  page: FakePage,
  type: T,
  accept: (item: Extract<WireItem, { type: T }>) => boolean = () => true,
): Promise<Extract<WireItem, { type: T }>[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = page
        .items()
        .filter((i): i is Extract<WireItem, { type: T }> => i.type === type);
      if (found.some(accept)) resolve(found);
      else if (Date.now() - started > 5_000) reject(new Error(`no ${type} item arrived`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe("a lens wired to the DevTools bridge", () => {
  it("streams its calls, breakers, faults and metrics, and obeys commands", async () => {
    const full = createLens({ retry: { initialDelayMs: 1, maxDelayMs: 2 }, use: everything() });
    lens = full;
    const page = new FakePage();
    const errors: unknown[] = [];
    bridge = startDevtoolsBridge(
      lens,
      { enabled: true, allowCommands: true },
      (e) => errors.push(e),
      page,
    );
    expect(bridge).not.toBeNull();
    let failures = 1;
    const { client } = scriptedClient(() => {
      if (failures-- > 0) throw new Error("Your request couldn't be completed. Try again later.");
      return ["hi"];
    });
    lens.instrument(client);
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" });
    await client.query(list, {});

    const [call] = (await until(page, "call")) as WireCall[];
    expect(call).toMatchObject({
      functionPath: "messages:list",
      kind: "query",
      attempts: 2,
      error: null,
    });
    const metrics = await until(page, "metrics", (m) => m.functions.length > 0);
    expect(metrics.at(-1)?.functions.find((f) => f.functionPath === "messages:list")).toMatchObject(
      {
        count: 1,
        errors: 0,
      },
    );
    expect((await until(page, "health"))[0]?.checks.length).toBeGreaterThan(0);

    page.deliver(command("trip", { name: "isolateBreaker", scope: "messages:list" }));
    await expect(client.query(list, {})).rejects.toMatchObject({ code: "CIRCUIT_OPEN" });
    page.deliver(command("faults", { name: "setFaults", faults: { latencyMs: 5 } }));
    expect(full.faults.get()).toEqual({ latencyMs: 5 });
    const results = await until(page, "result");
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ["trip", true],
      ["faults", true],
    ]);
    const transitions = await until(page, "breaker");
    expect(transitions[0]).toMatchObject({
      scope: "messages:list",
      to: "open",
      reason: "isolated",
    });
    expect(errors).toEqual([]);
  });

  it("streams the lens's unattributed server log lines, those from before the bridge started first", async () => {
    const quiet = (..._args: unknown[]) => {};
    const logger = { log: quiet, logVerbose: quiet, warn: quiet, error: quiet };
    const client = new ConvexHttpClient("http://127.0.0.1:3210", {
      skipConvexDeploymentUrlCheck: true,
      logger,
    });
    lens = createLens({ devtools: false });
    lens.instrument(client);
    const printed = (text: string) =>
      logger.log("%c[CONVEX M(tasks:create)] [LOG]", "color:rgb(0, 145, 255)", text);
    printed("'early'");
    const page = new FakePage();
    bridge = startDevtoolsBridge(lens, true, () => {}, page);
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" }, page);
    printed("'late'");
    const lines = await until(page, "unattributedLog", (line) => line.text === "'late'");
    expect(lines.map((line) => line.text)).toEqual(["'early'", "'late'"]);
  });

  it("refuses fault commands, naming the module, when the lens has no faults()", async () => {
    lens = createLens({ retry: false });
    const page = new FakePage();
    bridge = startDevtoolsBridge(lens, { enabled: true, allowCommands: true }, () => {}, page);
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" });
    page.deliver(command("faults", { name: "setFaults", faults: { latencyMs: 5 } }));
    const [result] = await until(page, "result");
    expect(result).toMatchObject({
      id: "faults",
      ok: false,
      error: { code: "CONFIGURATION", message: expect.stringContaining("faults()") },
    });
  });

  it("lists a call in flight from the lens alone, with no runtime handed over beside it", async () => {
    lens = createLens({ devtools: false });
    let answer: (value: string) => void = () => {};
    const { client } = scriptedClient(() => new Promise<string>((resolve) => (answer = resolve)));
    lens.instrument(client);
    const page = new FakePage();
    bridge = startDevtoolsBridge(lens, true, () => {}, page);
    const pending = client.query(list, {});
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" });
    const [listed] = await until(page, "inflight", (item) => item.calls.length === 1);
    expect(listed?.calls[0]).toMatchObject({ functionPath: "messages:list", kind: "query" });
    answer("done");
    await pending;
  });

  it("starts no bridge when devtools is off", () => {
    lens = createLens();
    expect(startDevtoolsBridge(lens, false, () => {}, new FakePage())).toBeNull();
  });
});
