import { isAbsolute, join } from "node:path";
import { type PublishedPackage, REPO_ROOT } from "./publishedPackages.js";
import { describeRun, mustRun } from "./run.js";

/** A package packed as `pnpm publish` would upload it. */
export interface Packed {
  readonly pkg: PublishedPackage;
  readonly tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  readonly files: ReadonlySet<string>;
  /** The package.json as published (pnpm has applied publishConfig and rewritten workspace:). */
  readonly manifest: Record<string, unknown>;
  /** The LICENSE file's text, empty when there is none. */
  readonly license: string;
}

/** `pnpm pack`s one package into `into`, then lists the tarball and reads its package.json. */
export async function pack(pkg: PublishedPackage, into: string): Promise<Packed> {
  const packed = await mustRun(
    `pnpm pack (${pkg.name})`,
    "pnpm",
    ["pack", "--pack-destination", into],
    join(REPO_ROOT, pkg.dir),
  );
  const tarball = packed.stdout
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.endsWith(".tgz") && isAbsolute(line));
  if (tarball === undefined) throw new Error(describeRun(`pnpm pack (${pkg.name})`, packed));
  const listing = await mustRun("tar -t", "tar", ["-tzf", tarball], into);
  const files = new Set(
    listing.stdout
      .split("\n")
      .filter((line) => line.length > 0 && !line.endsWith("/"))
      .map((line) => line.replace(/^package\//, "")),
  );
  const manifest = await mustRun("tar -x", "tar", ["-xzOf", tarball, "package/package.json"], into);
  const license = files.has("LICENSE")
    ? (await mustRun("tar -x", "tar", ["-xzOf", tarball, "package/LICENSE"], into)).stdout
    : "";
  return { pkg, tarball, files, manifest: JSON.parse(manifest.stdout), license };
}
