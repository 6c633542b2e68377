import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { DEVTOOLS_SOURCE, PROTOCOL_VERSION } from "../../sdk/src/devtools/protocol.js";

// A forged panel against real builds of a page: the SDK from dist, bundled by esbuild as an app's
// bundler would, run with a window and no `process`. A page script can post what the content
// script posts (hello, then a command); only a development build may obey it. A production build,
// and a build that never set NODE_ENV, must refuse `setOffline`.

const ENTRY = join(import.meta.dirname, "support/commandPage.ts");

interface PageRun {
  /** Whether the forged `setOffline` took the app offline. */
  readonly offline: boolean;
  /** The command results the page posted back. */
  readonly results: { ok: boolean; error?: { code: string } }[];
}

/**
 * Bundles the page with NODE_ENV set to `mode`, or left alone (`undefined`). esbuild's browser
 * platform defines NODE_ENV by itself, so the unknown build uses the neutral platform, resolving
 * packages as for a browser.
 */
async function bundle(mode: "development" | "production" | undefined): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    target: "chrome116",
    logLevel: "error",
    ...(mode === undefined
      ? { platform: "neutral", mainFields: ["browser", "module", "main"], conditions: ["browser"] }
      : { platform: "browser", define: { "process.env.NODE_ENV": JSON.stringify(mode) } }),
  });
  return result.outputFiles[0]?.text ?? "";
}

/** Runs a bundle in a window-like context with no `process`, then forges hello and setOffline. */
async function forgeCommand(script: string): Promise<PageRun> {
  const listeners = new Set<(event: unknown) => void>();
  const results: PageRun["results"] = [];
  const window: Record<string, unknown> = {
    location: { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/" },
    postMessage(message: { batch?: { type: string }[] }) {
      for (const item of message.batch ?? []) {
        if (item.type === "result") results.push(item as unknown as PageRun["results"][number]);
      }
    },
    addEventListener: (_type: string, listener: (event: unknown) => void) =>
      listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: unknown) => void) =>
      listeners.delete(listener),
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    performance,
    crypto,
    console,
    URL,
    navigator: { onLine: true },
  };
  const context = createContext(window);
  // The context's own global is the page's window (the bridge checks `window === globalThis`).
  const global = runInContext("globalThis.window = globalThis.self = globalThis", context);
  runInContext(script, context);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the bridge's chunk loads
  const forge = (data: unknown) => {
    for (const listener of listeners) listener({ data, source: global });
  };
  const tag = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION };
  forge({ ...tag, type: "hello" });
  forge({ ...tag, type: "command", id: "1", command: { name: "setOffline", offline: true } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const lens = runInContext("lens", context) as { faults: { get(): { offline?: boolean } } };
  return { offline: lens.faults.get().offline === true, results };
}

describe("who obeys a forged DevTools command", () => {
  it("a development build does (the control: the forged command reaches the bridge)", async () => {
    const run = await forgeCommand(await bundle("development"));
    expect(run.offline).toBe(true);
    expect(run.results).toEqual([expect.objectContaining({ ok: true })]);
  });

  it("a production build does not", async () => {
    const run = await forgeCommand(await bundle("production"));
    expect(run.offline).toBe(false);
    expect(run.results.every((result) => !result.ok)).toBe(true);
  });

  it("a build that never set NODE_ENV does not, though its bridge answers", async () => {
    const script = await bundle(undefined);
    expect(script).toContain("process.env.NODE_ENV");
    const run = await forgeCommand(script);
    expect(run.offline).toBe(false);
    expect(run.results).toEqual([
      expect.objectContaining({
        ok: false,
        error: expect.objectContaining({ code: "COMMANDS_DISABLED" }),
      }),
    ]);
  });
});
