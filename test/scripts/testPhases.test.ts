import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_PHASES } from "../../scripts/testPhases.mjs";
import rootConfig from "../../vitest.config.js";

const ROOT = join(import.meta.dirname, "../..");

/** The name of each Vitest project of the root config, read from the project's own config. */
async function projectNames(): Promise<string[]> {
  const names: string[] = [];
  for (const project of (rootConfig.test?.projects ?? []) as string[]) {
    const file = project.endsWith(".ts") ? project : join(project, "vitest.config.ts");
    expect(existsSync(join(ROOT, file)), file).toBe(true);
    const config = (await import(join(ROOT, file))).default as { test?: { name?: string } };
    names.push(config.test?.name ?? project);
  }
  return names;
}

// Issue 14 asks for the size budgets, the import-direction check and the packaging test "in
// `pnpm test`": scripts/test.mjs runs the projects of TEST_PHASES, so every project must be there.
describe("pnpm test's phases", () => {
  it("run every Vitest project of vitest.config.ts, each once", async () => {
    const run = TEST_PHASES.flatMap((phase) => phase.projects);
    expect([...run].sort()).toEqual((await projectNames()).sort());
    expect(new Set(run).size).toBe(run.length);
    for (const promised of ["checks", "packaging"]) expect(run).toContain(promised);
  });
});
