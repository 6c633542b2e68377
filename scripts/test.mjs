// `pnpm test`: every suite, from a fresh clone. Installs what is missing (dependencies, and Chromium
// when we may), then lint, typecheck, build (the extension and the backend the tests load) and the
// Vitest projects in three phases: the fast suites together (packaging installs the packed packages
// with peers from the npm registry), then the browser end-to-end tests, then the chaos suites. Heavy
// suites run alone so that their timing is not at the mercy of the others on a two-core machine.
//
//   pnpm test                      everything
//   pnpm test -- <vitest args>     one vitest run with those arguments (e.g. --project sdk)
import { ensureChromium } from "./ensureChromium.mjs";
import { ensureInstalled, run, step } from "./run.mjs";

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
  const fast = [
    "sdk",
    "collector",
    "local-backend",
    "demo-convex",
    "devtools-extension",
    "integration",
    "checks",
    "packaging",
  ];
  step(name, `unit, integration and checks (${fast.join(", ")})…`);
  vitest(fast.flatMap((project) => ["--project", project]));
  step(name, "browser end-to-end and hostile-input tests (Chromium with the extension)…");
  vitest(["--project", "e2e", "--project", "security"]);
  step(name, "chaos, memory bounds and telemetry isolation…");
  vitest(["--project", "chaos"]);
}
step(name, "all suites passed.");
