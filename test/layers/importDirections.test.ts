import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ImportEdge, importsOf, importsUnder, isTestCode, ROOT } from "./importGraph.js";

// The arrows DESIGN.md says must never exist ("Dependencies point one way"). A wrong new arrow
// fails `pnpm test`. The ground floor, sdk/src/core/, holds what every layer shares (the call
// target, the clock, the breaker's snapshot, listener sets), so no layer needs to reach sideways.

/** The SDK entries the extension may import: the protocol, and the sketch its panel computes with. */
const EXTENSION_MAY_IMPORT = ["@convex-lens/sdk/devtools-protocol", "@convex-lens/sdk/sketch"];

const arrow = (edge: ImportEdge) => `${edge.from} -> ${edge.to}`;

/** The reason `edge` breaks a rule, or undefined when it may exist. */
function brokenRule(edge: ImportEdge): string | undefined {
  const { from, to } = edge;
  if (from.startsWith("sdk/src/")) {
    if (
      /^(devtools-extension|demo-app)\//.test(to) ||
      /^@convex-lens\/(devtools-extension|demo-app)/.test(to)
    ) {
      return "the SDK never imports the extension or the demo app";
    }
    if (isTestCode(from)) return undefined;
    const inSdk = to.startsWith("sdk/src/");
    if (from.startsWith("sdk/src/errors/") && inSdk && !/^sdk\/src\/(errors|core)\//.test(to)) {
      return "errors imports nothing of ours but core";
    }
    if (
      from.startsWith("sdk/src/resilience/") &&
      inSdk &&
      !/^sdk\/src\/(resilience|errors|core)\//.test(to)
    ) {
      return "resilience imports nothing of ours but errors and core";
    }
    if (from.startsWith("sdk/src/telemetry/") && /^sdk\/src\/(instrument|resilience)\//.test(to)) {
      return "telemetry never imports instrument or resilience";
    }
    if (
      /^sdk\/src\/(core|errors|resilience|telemetry|instrument|devtools)\//.test(from) &&
      to.startsWith("sdk/src/modules/")
    ) {
      return "opt-in modules stand beside the path of a call: nothing below them imports them";
    }
    if (from.startsWith("sdk/src/modules/") && /^sdk\/src\/(lens|index)\.(ts|js)$/.test(to)) {
      return "a module sees the lens through its ModuleHost, never lens.ts";
    }
    if (from.startsWith("sdk/src/core/") && inSdk && !to.startsWith("sdk/src/core/")) {
      return "core is the ground floor: it imports nothing of ours";
    }
  }
  if (from.startsWith("devtools-extension/")) {
    if (to.startsWith("sdk/"))
      return "the extension reaches the SDK only through its package entries";
    if (to.startsWith("@convex-lens/sdk") && !EXTENSION_MAY_IMPORT.includes(to)) {
      return `the extension imports only ${EXTENSION_MAY_IMPORT.join(" and ")} from the SDK`;
    }
  }
  return undefined;
}

/**
 * One import cycle among `edges` (module paths without extension, the first repeated at the end), or
 * undefined when there is none. Test code is left out: a test may import what imports it back.
 */
function findCycle(edges: ImportEdge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (isTestCode(from) || !to.startsWith("sdk/")) continue;
    const module = from.replace(/\.tsx?$/, "");
    next.set(module, [...(next.get(module) ?? []), to.replace(/\.(js|tsx?)$/, "")]);
  }
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const target of next.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of next.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every SDK module `entry` (a repo path) reaches through its imports, itself included. */
function sdkModulesReachedFrom(entry: string): string[] {
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const { to } of importsOf(file, readFileSync(join(ROOT, file), "utf8"))) {
      if (to.startsWith("sdk/")) visit(to.replace(/\.js$/, ".ts"));
    }
  };
  visit(entry);
  return [...reached];
}

const broken = (edges: ImportEdge[]) =>
  edges
    .filter((edge) => brokenRule(edge) !== undefined)
    .map((edge) => `${arrow(edge)}: ${brokenRule(edge)}`);

describe("import directions (DESIGN.md: dependencies point one way)", () => {
  const sdk = importsUnder("sdk/src");
  const extension = importsUnder("devtools-extension/src");

  it("has no arrow inside the SDK that must never exist", () => {
    expect(sdk.length).toBeGreaterThan(300);
    expect(broken(sdk)).toEqual([]);
  });

  it("has no import cycle in the SDK, type-only imports included", () => {
    expect(findCycle(sdk)).toBeUndefined();
    const loop = [
      ...importsOf("sdk/src/instrument/a.ts", 'import type { B } from "./b.js";'),
      ...importsOf("sdk/src/instrument/b.ts", 'import { a } from "./a.js";'),
    ];
    expect(findCycle(loop)).toEqual([
      "sdk/src/instrument/a",
      "sdk/src/instrument/b",
      "sdk/src/instrument/a",
    ]);
  });

  it("lets the extension import only the SDK's protocol and sketch entries", () => {
    expect(extension.some((edge) => edge.to === "@convex-lens/sdk/devtools-protocol")).toBe(true);
    expect(broken(extension)).toEqual([]);
  });

  it("keeps the entries the extension imports free of any other SDK module", () => {
    const exports = JSON.parse(readFileSync(join(ROOT, "sdk/package.json"), "utf8"))
      .exports as Record<string, string>;
    for (const entry of EXTENSION_MAY_IMPORT) {
      const file = join("sdk", exports[entry.replace("@convex-lens/sdk", ".")] as string);
      // An entry may be split by concept into files named after it (protocol.ts re-exports
      // protocolTypes.ts, protocolValidator.ts…); nothing it reaches may lie outside them.
      const own = new RegExp(`^${file.replace(/\.ts$/, "")}[A-Za-z]*.ts$`);
      expect(
        sdkModulesReachedFrom(file).filter((reached) => !own.test(reached)),
        file,
      ).toEqual([]);
    }
  });

  it("fails on a wrong new arrow, whether static, re-exported or dynamic", () => {
    const wrong = [
      importsOf("sdk/src/telemetry/newThing.ts", 'import { retry } from "../resilience/retry.js";'),
      importsOf("sdk/src/errors/newThing.ts", 'export { redact } from "../telemetry/redact.js";'),
      importsOf(
        "sdk/src/core/newThing.ts",
        'import type { LensError } from "../errors/LensError.js";',
      ),
      importsOf(
        "sdk/src/resilience/newThing.ts",
        'import { safeExecute } from "../telemetry/safeExecute.js";',
      ),
      importsOf(
        "sdk/src/telemetry/lazy.ts",
        'const m = await import("../instrument/executeCall.js");',
      ),
      importsOf("sdk/src/lens.ts", 'import { App } from "../../demo-app/src/App.js";'),
      importsOf(
        "sdk/src/instrument/newThing.ts",
        'import { metrics } from "../modules/metrics.js";',
      ),
      importsOf("sdk/src/modules/newThing.ts", 'import { createLens } from "../lens.js";'),
      importsOf(
        "devtools-extension/src/panel/x.ts",
        'import { createLens } from "@convex-lens/sdk";',
      ),
      importsOf(
        "devtools-extension/src/panel/y.ts",
        'import { DDSketch } from "../../../sdk/src/telemetry/ddsketch.js";',
      ),
    ];
    for (const edges of wrong) expect(broken(edges), edges[0]?.from).toHaveLength(1);
    const commented = importsOf(
      "sdk/src/telemetry/doc.ts",
      '/** e.g. import { retry } from "../resilience/retry.js"; */\n// import "../instrument/x.js";',
    );
    expect(commented).toEqual([]);
  });
});
