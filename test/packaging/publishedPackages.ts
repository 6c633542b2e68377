import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root. */
export const REPO_ROOT = join(import.meta.dirname, "../..");

/** A workspace package meant for npm: not `"private": true`. */
export interface PublishedPackage {
  /** Its folder, relative to the repository root (`sdk`). */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  /** Whether it ships a command (`bin`). */
  readonly hasBin: boolean;
}

/** The folders pnpm-workspace.yaml lists under `packages:` (plain names, one a line). */
function workspaceDirs(): string[] {
  const yaml = readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8");
  const block = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? "";
  return [...block.matchAll(/^[ \t]+-[ \t]+["']?([^"'\s]+)["']?/gm)].map(
    (match) => match[1] as string,
  );
}

/**
 * Every workspace package that is not private, read from the workspace itself so that a new
 * published package is packed and checked without touching the test.
 */
export function publishedPackages(): PublishedPackage[] {
  return workspaceDirs().flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8"));
    if (manifest.private === true) return [];
    return [
      { dir, name: manifest.name, version: manifest.version, hasBin: manifest.bin !== undefined },
    ];
  });
}
