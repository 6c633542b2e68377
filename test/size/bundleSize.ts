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

/** The gzip bytes `added` (an app's source) adds to an app whose source is `base`. */
export async function addedGzip(
  base: string,
  added: string,
  external: readonly string[] = PEERS,
): Promise<number> {
  const together = await sourceSize(`${base}\n${added}`, external);
  const alone = await sourceSize(base, external);
  return together.gzip - alone.gzip;
}

/**
 * Sizes of what an app loads up front: the entry chunk and the chunks it imports statically. Code
 * behind a dynamic `import()` (the DevTools bridge, loaded only when it is on) is split off as an
 * app's bundler would, and not counted.
 */
async function sizeOf(input: BuildOptions, external: readonly string[]) {
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    splitting: true,
    outdir: "/size-check",
    write: false,
    metafile: true,
    external: [...external],
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const outputs = result.metafile.outputs;
  const files = new Map(
    result.outputFiles.map((file) => [file.path.replace(/^.*?size-check\//, ""), file]),
  );
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined)!;
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    const name = path.replace(/^.*?size-check\//, "");
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  const code = Buffer.concat([...loaded].map((name) => Buffer.from(files.get(name)!.contents)));
  // Where the bytes come from: minified bytes per source file, in what loads up front.
  const inputs = new Map<string, number>();
  for (const [path, output] of Object.entries(outputs)) {
    if (!loaded.has(path.replace(/^.*?size-check\//, ""))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
    }
  }
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}
