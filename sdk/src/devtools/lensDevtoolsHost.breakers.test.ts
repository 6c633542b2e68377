import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { devtoolsHostFromLens } from "./lensDevtoolsHost.js";

let lens: Lens | null = null;

afterEach(async () => {
  await lens?.shutdown();
  lens = null;
});

/**
 * The host of a lens made with `options`, after one mutation of each function in `calls` (each
 * call creates its breaker, under its function's policy), and the settings it states by scope
 * once the bridge has read the breakers, as it does before sending them.
 */
async function settingsFor(options: LensOptions, calls: string[]) {
  lens = createLens({ devtools: false, ...options });
  const { client } = scriptedClient(() => "ok");
  lens.instrument(client);
  for (const path of calls) await client.mutation(makeFunctionReference<"mutation">(path), {});
  const host = devtoolsHostFromLens(lens, () => {});
  const scopes = host.breakers().map((breaker) => breaker.scope);
  return {
    scopes,
    settings: (scope: string) => host.breakerSettings?.(scope) ?? null,
  };
}

describe("the breaker settings a lens states to the panel", () => {
  it("states the default window and that an open breaker refuses queries only", async () => {
    const { settings } = await settingsFor({}, ["tasks:send"]);
    expect(settings("tasks:send")).toEqual({
      windowMs: 30_000,
      refuses: { query: true, mutation: false, action: false },
    });
  });

  it("states a function's own window and failFast, as its calls are refused", async () => {
    const { settings } = await settingsFor(
      {
        breaker: { windowMs: 10_000 },
        functions: { "tasks:send": { breaker: { failFast: true } } },
      },
      ["tasks:send", "tasks:list"],
    );
    expect(settings("tasks:send")).toEqual({
      windowMs: 10_000,
      refuses: { query: true, mutation: true, action: true },
    });
    expect(settings("tasks:list")?.refuses).toEqual({
      query: true,
      mutation: false,
      action: false,
    });
  });

  it("states only the window of a deployment-wide breaker, whose functions' policies may differ", async () => {
    const { scopes, settings } = await settingsFor(
      { breaker: { scope: "deployment", windowMs: 5_000 } },
      ["tasks:send", "tasks:list"],
    );
    expect(scopes).toHaveLength(1);
    expect(settings(scopes[0] as string)).toEqual({ windowMs: 5_000 });
  });

  it("states nothing for a scope no call has used", async () => {
    const { settings } = await settingsFor({}, ["tasks:send"]);
    expect(settings("tasks:other")).toBeNull();
  });

  it("states the window alone for a lens without its runtime (an app's own lens-like object)", async () => {
    const made = createLens({ devtools: false, breaker: { windowMs: 7_000 } });
    lens = made;
    const { client } = scriptedClient(() => "ok");
    made.instrument(client);
    await client.mutation(makeFunctionReference<"mutation">("tasks:send"), {});
    // A spread copies the lens's own API and leaves out what is not enumerable: its runtime.
    const host = devtoolsHostFromLens({ ...made }, () => {});
    host.breakers();
    expect(host.breakerSettings?.("tasks:send")).toEqual({ windowMs: 7_000 });
    expect(host.trackInflight).toBeUndefined();
  });
});
