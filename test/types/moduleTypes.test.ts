import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const fixture = join(import.meta.dirname, "../fixtures/module-types");
const tsc = join(import.meta.dirname, "../node_modules/.bin/tsc");

// The fixture is its own compilation: its `Register` declaration would change the hooks' types
// for every other file of the test project.
describe("the module types, as an app's compiler sees them", () => {
  it("give a lens only its modules' APIs, and make a hook that needs a missing module a type error", () => {
    const run = spawnSync(tsc, ["-p", join(fixture, "tsconfig.json")], { encoding: "utf8" });
    // Every `@ts-expect-error` in the fixture must be an error, and nothing else may be.
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
