// Skips a package's build when nothing it is built from has changed since its last build: a restart
// of `pnpm start` should take seconds, not a full rebuild. A stamp records a fingerprint of the
// inputs (every file's path, size and modification time, like make); a different fingerprint or a
// missing output means build again. Plain Node, no dependencies.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Folders that hold outputs, caches or installs, never a build's inputs. */
const ignoredDirs = new Set(["node_modules", "dist", ".vite", "coverage", "test-results", ".git"]);

/** Tests and their support files are not compiled into a build, so editing them needs no rebuild. */
function isBuildInput(name) {
  return !/\.test(-d)?\.tsx?$/.test(name) && name !== "test-support";
}

/**
 * The fingerprint of the files under `paths` (files or folders, relative to `base`): a hash of each
 * file's path, size and modification time. Any edit, addition, removal or rename changes it.
 */
export function inputFingerprint(base, paths) {
  const hash = createHash("sha256");
  const visit = (path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (ignoredDirs.has(entry) || !isBuildInput(entry)) continue;
        visit(join(path, entry));
      }
      return;
    }
    hash.update(`${relative(base, path)}\0${stats.size}\0${stats.mtimeMs}\n`);
  };
  for (const path of paths) visit(join(base, path));
  return hash.digest("hex");
}

/**
 * Whether the build whose stamp is `stampFile` is current: the stamp holds `fingerprint` and the
 * build's `output` still exists (a deleted dist/ rebuilds even when the sources did not change).
 */
export function isUpToDate(stampFile, fingerprint, output) {
  if (!existsSync(output)) return false;
  try {
    return readFileSync(stampFile, "utf8").trim() === fingerprint;
  } catch {
    return false;
  }
}

/** Records that the build from `fingerprint` succeeded; only then, so a failed build runs again. */
export function writeStamp(stampFile, fingerprint) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, `${fingerprint}\n`);
}
