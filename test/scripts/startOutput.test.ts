import { describe, expect, it } from "vitest";
import { childLineFilter, isBuildNoise, isVerbose } from "../../scripts/childOutput.mjs";
import { progressLine } from "../../scripts/progressLine.mjs";
import { stripAnsi, terminalStyle, wantsColour } from "../../scripts/terminalStyle.mjs";

const shown = (filter: (line: string) => boolean, lines: string[]) => lines.filter(filter);

describe("pnpm start's output", () => {
  it("hides the backend's JSON events and chatter but shows its warnings and errors", () => {
    const stdout = childLineFilter("backend", "stdout", false);
    const stderr = childLineFilter("backend", "stderr", false);
    expect(
      shown(stdout, ['{"event":"ready","url":"http://127.0.0.1:3210"}', '{"event":"stopped"}']),
    ).toEqual([]);
    expect(
      shown(stderr, [
        "Loaded 12 documents from .lens-data/demo.json.",
        "[CONVEX Q(tasks:list)] [LOG] 'hello'",
        "warning: refusing a WebSocket: already 64 open",
        "error: uncaught exception: Error: boom",
        "    at handler (convex/tasks.ts:3:9)",
        "SIGINT: saving and shutting down",
      ]),
    ).toEqual([
      "warning: refusing a WebSocket: already 64 open",
      "error: uncaught exception: Error: boom",
      "    at handler (convex/tasks.ts:3:9)",
    ]);
  });

  it("hides Vite's banner, which repeats the demo's URL, and keeps what Vite writes to stderr", () => {
    const stdout = childLineFilter("demo", "stdout", false);
    const stderr = childLineFilter("demo", "stderr", false);
    expect(
      shown(stdout, ["  VITE v8.3.8  ready in 412 ms", "  ➜  Local:   http://127.0.0.1:5173/"]),
    ).toEqual([]);
    expect(shown(stderr, ["[vite] Internal server error: x"])).toEqual([
      "[vite] Internal server error: x",
    ]);
  });

  it("shows everything but the backend's JSON events when asked to be verbose", () => {
    expect(shown(childLineFilter("demo", "stdout", true), ["  ➜  Local: x"])).toEqual([
      "  ➜  Local: x",
    ]);
    expect(
      shown(childLineFilter("backend", "stderr", true), ["Loaded 1 documents from x."]),
    ).toEqual(["Loaded 1 documents from x."]);
    expect(shown(childLineFilter("backend", "stdout", true), ['{"event":"ready"}'])).toEqual([]);
    expect(isVerbose(["--verbose"], {})).toBe(true);
    expect(isVerbose([], { LENS_VERBOSE: "1" })).toBe(true);
    expect(isVerbose([], { LENS_VERBOSE: "0" })).toBe(false);
    expect(isVerbose([], {})).toBe(false);
  });

  it("drops crxjs's inlineDynamicImports notice from a passing build and keeps other warnings", () => {
    expect(
      isBuildNoise(
        " WARN  inlineDynamicImports option is ignored because codeSplitting: false is set.",
      ),
    ).toBe(true);
    expect(isBuildNoise("(!) Some chunks are larger than 500 kB after minification.")).toBe(false);
  });

  it("writes colour to a terminal only, unless NO_COLOR or FORCE_COLOR says otherwise", () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(wantsColour({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(terminalStyle({ isTTY: false }, {}).bold("Convex Lens is running.")).toBe(
      "Convex Lens is running.",
    );
    expect(terminalStyle({ isTTY: true }, {}).cyan("[start]")).toBe("\x1b[36m[start]\x1b[39m");
    expect(stripAnsi("\x1b[43m\x1b[30m WARN \x1b[39m\x1b[49m x")).toBe(" WARN  x");
  });

  it("writes a progress line without carriage returns when not on a terminal", () => {
    let written = "";
    let clock = 0;
    const stream = {
      isTTY: false,
      write: (text: string) => {
        written += text;
      },
    };
    const line = progressLine(stream, "building the SDK…", {
      prefix: "[start] ",
      now: () => clock,
    });
    clock = 2_500;
    line.done("built the SDK");
    expect(written).toBe("[start] building the SDK…\n[start] built the SDK (2.5 s)\n");
  });
});
