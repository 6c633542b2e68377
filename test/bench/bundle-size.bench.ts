// Bundle sizes: the SDK's entries against the libraries an app would otherwise combine. Minified ESM
// for the browser, gzip -9 (esbuild, like the anchor figures in shared/notes/anchors.md).
import { join } from "node:path";
import { addedGzip, bundleSize, sourceSize } from "../size/bundleSize.js";
import type { Measurement } from "./harness.js";
import { report } from "./harness.js";

const sdk = join(process.cwd(), "../sdk/src");
const measurements: Measurement[] = [];
const add = (caseName: string, variant: string, size: { minified: number; gzip: number }) => {
  measurements.push(
    { case: caseName, variant, metric: "minified", unit: "bytes", value: size.minified },
    { case: caseName, variant, metric: "gzip", unit: "bytes", value: size.gzip },
  );
};

const ours = "Convex Lens SDK (peers external)";
add(ours, "@convex-lens/sdk (core entry)", await bundleSize(join(sdk, "index.ts")));
for (const entry of ["react", "web"]) {
  const file = join(sdk, entry, "index.ts");
  try {
    measurements.push({
      case: ours,
      variant: `@convex-lens/sdk/${entry} (added to the core)`,
      metric: "gzip",
      unit: "bytes",
      value: await addedGzip(join(sdk, "index.ts"), file),
    });
  } catch {
    // The entry does not exist yet; nothing to measure.
  }
}

const peers = "peers, bundled alone";
const peer = async (variant: string, source: string, external: string[] = []) =>
  add(peers, variant, await sourceSize(source, external));
await peer(
  "@opentelemetry/api (trace, context, SpanStatusCode)",
  'export { trace, context, SpanStatusCode } from "@opentelemetry/api";',
);
await peer(
  "cockatiel (retry + circuitBreaker + timeout + wrap)",
  'export { retry, circuitBreaker, timeout, wrap, handleAll, ConsecutiveBreaker, ExponentialBackoff } from "cockatiel";',
);
await peer("opossum (its prebuilt browser build)", 'export * from "opossum/dist/opossum.min.js";');
await peer(
  "convex/react ConvexReactClient (react external)",
  'export { ConvexReactClient } from "convex/react";',
  ["react", "react-dom"],
);
await peer("convex/browser ConvexHttpClient", 'export { ConvexHttpClient } from "convex/browser";');
report("bundle-size", measurements);
