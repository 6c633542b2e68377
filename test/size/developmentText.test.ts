import vm from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { SDK } from "./budgets.js";

// Text only a developer reads (a moved option's new place, a module's example, a merged-policy
// hint) is guarded by `process.env.NODE_ENV`, which bundlers replace: a development build must
// show it in the browser, where there is no `process`, and a production build must not carry it.

const sdk = new URL("../../sdk/src/", import.meta.url).pathname;

/** The message `createLens` refuses a moved option with, in a browser bundle built for `mode`. */
async function refusalIn(mode: "development" | "production") {
  const result = await build({
    stdin: {
      contents: `import { createLens } from "${SDK}/index.ts";
try { createLens({ devtools: false, thresholds: {} }); } catch (error) { globalThis.refusal = error.message; }`.replaceAll(
        SDK,
        sdk,
      ),
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
  });
  const code = result.outputFiles[0]?.text ?? "";
  // A browser-like global: no `process`.
  const page = vm.createContext({ setTimeout, clearTimeout, queueMicrotask });
  vm.runInContext(code, page);
  return { code, message: String(page.refusal) };
}

describe("development-only text", () => {
  it("shows in a development build running in a browser, without a process global", async () => {
    const { message } = await refusalIn("development");
    expect(message).toBe(
      "Invalid Convex Lens option: thresholds is now a module's option: use: [metrics(), health({ thresholds })].",
    );
  });

  it("is left out of a production build, which still names the option", async () => {
    const { code, message } = await refusalIn("production");
    expect(message).toBe("Invalid Convex Lens option: thresholds is now a module's option.");
    for (const text of [
      "health({ thresholds })",
      "after merging every policy",
      "e.g. createLens",
    ]) {
      expect(code).not.toContain(text);
    }
  });
});
