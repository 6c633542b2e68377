import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
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

/** Whether `dir`'s dist/ is missing or older than its sources (the CLI bundle included). */
function isStale(dir: string, hasBin: boolean): boolean {
  const outputs = ["dist/index.js", ...(hasBin ? ["dist/cli.js"] : [])].map((file) =>
    join(REPO_ROOT, dir, file),
  );
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = Math.max(
    newestInput(join(REPO_ROOT, dir, "src")),
    statSync(join(REPO_ROOT, dir, "tsconfig.build.json")).mtimeMs,
  );
  return built < inputs;
}

/**
 * Deletes the files of `dir`'s dist/ whose source is gone: tsc never removes the output of a deleted
 * or moved module, and `pnpm pack` would ship it. Nothing current imports such a file.
 */
function pruneOrphans(dir: string): void {
  const dist = join(REPO_ROOT, dir, "dist");
  if (!existsSync(dist)) return;
  const packageDir = join(REPO_ROOT, dir);
  for (const file of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
    const path = join("dist", file);
    if (isOrphanOutput(packageDir, path)) rmSync(join(packageDir, path), { force: true });
  }
}

/**
 * `pnpm pack` packs dist/ as it is, so a package whose build is missing or stale is built first:
 * `vitest run --project packaging` then works on a fresh clone. (`pnpm test` builds everything
 * before any suite, so there this finds nothing to build.) Then the outputs of deleted sources
 * are pruned.
 */
export default function setup(): void {
  const packages = publishedPackages();
  const stale = packages.filter((pkg) => isStale(pkg.dir, pkg.hasBin));
  if (stale.length > 0) {
    const filters = stale.flatMap((pkg) => ["--filter", pkg.name]);
    execFileSync("pnpm", [...filters, "run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  }
  for (const pkg of packages) pruneOrphans(pkg.dir);
}
