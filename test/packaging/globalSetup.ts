import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { isOrphanOutput } from "./orphanOutput.js";
import { publishedPackages, REPO_ROOT } from "./publishedPackages.js";

/** The newest modification time of the build inputs under `dir` (sources, not tests). */
function newestInput(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "test-support") newest = Math.max(newest, newestInput(full));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test(-d)?\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * The newest modification time of `packageDir`'s build configs and of the sources outside src/
 * that they compile by name (the collector's copy of the SDK's trace-line reader, from its folder).
 */
function newestBuildConfig(packageDir: string): number {
  let newest = 0;
  for (const name of readdirSync(packageDir)) {
    if (!/^tsconfig.*\.json$/.test(name)) continue;
    const config = join(packageDir, name);
    newest = Math.max(newest, statSync(config).mtimeMs);
    const { files } = JSON.parse(readFileSync(config, "utf8")) as { files?: string[] };
    for (const file of files ?? []) {
      newest = Math.max(newest, newestInput(dirname(join(packageDir, file))));
    }
  }
  return newest;
}

/** Whether `packageDir`'s dist/ holds output whose source is gone (a module deleted or moved). */
function hasOrphans(packageDir: string): boolean {
  return readdirSync(join(packageDir, "dist"), { recursive: true, encoding: "utf8" }).some((file) =>
    isOrphanOutput(packageDir, join("dist", file)),
  );
}

/**
 * Whether `dir`'s dist/ is missing, older than its inputs (the CLI included) or left over from a
 * module since deleted or moved: a rebuild starts from an empty dist/, which drops such files.
 */
function isStale(dir: string, hasBin: boolean): boolean {
  const packageDir = join(REPO_ROOT, dir);
  const outputs = ["dist/index.js", ...(hasBin ? ["dist/cli.js"] : [])].map((file) =>
    join(packageDir, file),
  );
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = Math.max(newestInput(join(packageDir, "src")), newestBuildConfig(packageDir));
  return built < inputs || hasOrphans(packageDir);
}

/**
 * `pnpm pack` packs dist/ as it is, so a package whose build is missing or stale is built first:
 * `vitest run --project packaging` then works on a fresh clone. (`pnpm test` builds everything
 * before any suite, so there this finds nothing to build.) Each build empties dist/ first, so the
 * tarballs hold only what the current sources compile to; the suite checks that they do.
 */
export default function setup(): void {
  const stale = publishedPackages().filter((pkg) => isStale(pkg.dir, pkg.hasBin));
  if (stale.length === 0) return;
  const filters = stale.flatMap((pkg) => ["--filter", pkg.name]);
  execFileSync("pnpm", [...filters, "run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
}
