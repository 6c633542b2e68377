import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { EXTENSION_DIR, EXTENSION_DIST, REPO_ROOT } from "./paths.js";

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (
      entry === "node_modules" ||
      entry === "dist" ||
      entry.endsWith(".test.ts") ||
      entry.endsWith(".test.tsx")
    ) {
      continue;
    }
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** The SDK's protocol entry and the files it is split into (protocolTypes.ts, …), all bundled. */
function protocolFiles(): string[] {
  const dir = join(REPO_ROOT, "sdk/src/devtools");
  return readdirSync(dir)
    .filter((name) => /^protocol[A-Za-z]*\.ts$/.test(name))
    .map((name) => join(dir, name));
}

/**
 * Global setup of the e2e suite: builds the extension (vite build → devtools-extension/dist) when
 * missing or older than its sources or the protocol, so `vitest run` works on a fresh clone.
 */
export default function setup(): void {
  const built = join(EXTENSION_DIST, "manifest.json");
  const newest = Math.max(
    newestMtime(join(EXTENSION_DIR, "src")),
    newestMtime(join(EXTENSION_DIR, "manifest.config.ts")),
    newestMtime(join(EXTENSION_DIR, "vite.config.ts")),
    newestMtime(join(EXTENSION_DIR, "panel.html")),
    ...protocolFiles().map(newestMtime),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  const require = createRequire(join(EXTENSION_DIR, "package.json"));
  const vite = join(require.resolve("vite/package.json"), "../bin/vite.js");
  execFileSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: EXTENSION_DIR,
    stdio: "inherit",
  });
}
