import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Packages an app already has or that the SDK takes as peers: never counted in our size. */
export const PEERS = [
  "convex",
  "convex/*",
  "@opentelemetry/*",
  "react",
  "react/*",
  "react-dom",
  "react-dom/*",
];

/** Minified and gzip -9 sizes of an ESM browser bundle of `entry`, peers external. */
export async function bundleSize(entry: string, external: readonly string[] = PEERS) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external: [...external],
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/** The gzip bytes `entry` adds to an app that already loads `base` (shared modules count once). */
export async function addedGzip(base: string, entry: string): Promise<number> {
  const together = await bundleSizeOfMany([base, entry]);
  const alone = await bundleSize(base);
  return together - alone.gzip;
}

async function bundleSizeOfMany(entries: readonly string[]): Promise<number> {
  const source = entries.map((e, i) => `export * as e${i} from ${JSON.stringify(e)};`).join("\n");
  return (await sourceSize(source, PEERS)).gzip;
}

/** Sizes of a bundle of `source` (an ES module's text), e.g. `export { retry } from "cockatiel"`. */
export async function sourceSize(source: string, external: readonly string[] = []) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external: [...external],
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}
