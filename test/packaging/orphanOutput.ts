import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Whether `distPath` (`dist/a/b.js` or `dist/a/b.d.ts`, inside the package at `packageDir`) is
 * compiled output whose source (`src/a/b.ts` or `.tsx`) no longer exists: tsc never deletes the
 * output of a deleted or moved module, so a dist/ that has seen a rename keeps it. Files that are
 * not compiled output are never orphans.
 */
export function isOrphanOutput(packageDir: string, distPath: string): boolean {
  const match = /^dist\/(.+?)(\.d\.ts|\.js)$/.exec(distPath.replaceAll("\\", "/"));
  if (match === null) return false;
  const stem = join(packageDir, "src", match[1] as string);
  return !existsSync(`${stem}.ts`) && !existsSync(`${stem}.tsx`);
}
