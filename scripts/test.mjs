// `pnpm test`: every suite, from a fresh clone. Installs what is missing (dependencies, and Chromium
// when we may), then lint, typecheck, build (the extension and the backend the tests load) and the
// Vitest projects in the phases of testPhases.mjs.
//
//   pnpm test                      everything
//   pnpm test -- <vitest args>     one vitest run with those arguments (e.g. --project sdk)
import { ensureChromium } from "./ensureChromium.mjs";
import { ensureInstalled, run, step } from "./run.mjs";
import { TEST_PHASES } from "./testPhases.mjs";

const name = "test";
const args = process.argv.slice(2).filter((arg) => arg !== "--");
ensureInstalled(name);
ensureChromium(name);
step(name, "lint (Biome)…");
run("pnpm", ["lint"]);
step(name, "typecheck…");
run("pnpm", ["typecheck"]);
step(name, "build…");
run("pnpm", ["build"]);

const vitest = (vitestArgs) => run("pnpm", ["exec", "vitest", "run", ...vitestArgs]);
if (args.length > 0) {
  step(name, `vitest ${args.join(" ")}…`);
  vitest(args);
} else {
  for (const { title, projects } of TEST_PHASES) {
    step(name, `${title} (${projects.join(", ")})…`);
    vitest(projects.flatMap((project) => ["--project", project]));
  }
}
step(name, "all suites passed.");
