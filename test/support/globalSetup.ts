import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { LOCAL_BACKEND_DIR } from "./paths.js";

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSourceMtime(full));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * The integration suites spawn the backend CLI, which runs local-backend's compiled dist/.
 * Builds it when missing or older than its sources, so `vitest run --project integration`
 * works on a fresh clone without a separate build step.
 */
export default function setup(): void {
  const builtCli = join(LOCAL_BACKEND_DIR, "dist", "cli.js");
  const sources = [join(LOCAL_BACKEND_DIR, "src")];
  const newest = Math.max(
    ...sources.map(newestSourceMtime),
    statSync(join(LOCAL_BACKEND_DIR, "tsconfig.build.json")).mtimeMs,
  );
  if (existsSync(builtCli) && statSync(builtCli).mtimeMs >= newest) {
    return;
  }
  const require = createRequire(join(LOCAL_BACKEND_DIR, "package.json"));
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(LOCAL_BACKEND_DIR, "tsconfig.build.json")], {
    stdio: "inherit",
  });
}
