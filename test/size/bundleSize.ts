import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";

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
export function bundleSize(entry: string, external: readonly string[] = PEERS) {
  return sizeOf({ entryPoints: [entry] }, external);
}

/** Sizes of a bundle of `source` (an ES module's text), e.g. `export { retry } from "cockatiel"`. */
export function sourceSize(source: string, external: readonly string[] = []) {
  return sizeOf({ stdin: { contents: source, resolveDir: process.cwd(), loader: "ts" } }, external);
}

/** The gzip bytes `entry` adds to an app that already loads `base` (shared modules count once). */
export async function addedGzip(base: string, entry: string): Promise<number> {
  const source = [base, entry]
    .map((e, i) => `export * as e${i} from ${JSON.stringify(e)};`)
    .join("\n");
  const together = await sourceSize(source, PEERS);
  const alone = await bundleSize(base);
  return together.gzip - alone.gzip;
}

async function sizeOf(input: BuildOptions, external: readonly string[]) {
  const result = await build({
    ...input,
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
