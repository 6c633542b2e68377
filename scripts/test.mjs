// `pnpm test`: every suite, from a fresh clone. Installs what is missing (dependencies, and Chromium
// when we may), then lint, typecheck, build (the extension and the backend the tests load) and
// every Vitest project.
import { ensureChromium } from "./ensureChromium.mjs";
import { ensureInstalled, run, step } from "./run.mjs";

const name = "test";
ensureInstalled(name);
ensureChromium(name);
step(name, "lint (Biome)…");
run("pnpm", ["lint"]);
step(name, "typecheck…");
run("pnpm", ["typecheck"]);
step(name, "build…");
run("pnpm", ["build"]);
step(name, "vitest…");
run("pnpm", ["exec", "vitest", "run", ...process.argv.slice(2)]);
