import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

/** This package's root, from which `convex` is resolved (works from both src/ and dist/). */
export const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

const INNER = Symbol.for("convex-lens.convex-package-plugin");

/**
 * Points every `convex` / `convex/*` import of a bundle at this package's own ESM copy of
 * `convex`, as an external file URL. The functions bundle and the convex-test bundle then share
 * one module instance (so registered functions, ConvexError and the syscall global agree), and
 * the app's own node_modules — or the lack of one — does not matter.
 */
export function convexPackagePlugin(): Plugin {
  const cache = new Map<string, string>();
  return {
    name: "convex-lens-convex-package",
    setup(build) {
      build.onResolve({ filter: /^convex(\/.*)?$/ }, async (args) => {
        if (args.pluginData === INNER) {
          return undefined;
        }
        const cached = cache.get(args.path);
        if (cached !== undefined) {
          return { path: cached, external: true };
        }
        const result = await build.resolve(args.path, {
          kind: "import-statement",
          resolveDir: PACKAGE_DIR,
          pluginData: INNER,
        });
        if (result.errors.length > 0) {
          return { errors: result.errors };
        }
        const url = pathToFileURL(result.path).href;
        cache.set(args.path, url);
        return { path: url, external: true };
      });
    },
  };
}
