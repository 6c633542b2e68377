import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The repository root; every path below is relative to it, with forward slashes. */
export const ROOT = resolve(import.meta.dirname, "../..");

/** One import in one file: `to` is a repo path for relative imports, else the bare specifier. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`. Comments are removed
// first, so an example in a doc comment is not taken for an import.
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Every `.ts`/`.tsx` file under `dir` (a repo path), skipping node_modules and dist. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push(relative(ROOT, path).replaceAll("\\", "/"));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

/** The imports of `source`, as written in the file at repo path `from`. */
export function importsOf(from: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of withoutComments(source).matchAll(IMPORT)) {
    const specifier = (match[1] ?? match[2] ?? match[3]) as string;
    const to = specifier.startsWith(".")
      ? relative(ROOT, resolve(ROOT, dirname(from), specifier)).replaceAll("\\", "/")
      : specifier;
    edges.push({ from, to, specifier });
  }
  return edges;
}

/** The imports of every source file under `dir`. */
export function importsUnder(dir: string): ImportEdge[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file, readFileSync(join(ROOT, file), "utf8")),
  );
}

/** Test files and test doubles: they may reach across layers to set a scene. */
export function isTestCode(path: string): boolean {
  return /\.test(-d)?\.tsx?$/.test(path) || path.includes("/test-support/");
}
