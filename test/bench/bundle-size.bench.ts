// Bundle sizes: the SDK's entries against the libraries an app would otherwise combine. Minified ESM
// for the browser, gzip -9 (esbuild, like the anchor figures in shared/notes/anchors.md).
import { join } from "node:path";
import { budgets } from "../size/budgets.js";
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
const added = async (variant: string, file: string, external?: readonly string[]) =>
  measurements.push({
    case: ours,
    variant,
    metric: "gzip",
    unit: "bytes",
    value: await addedGzip(join(sdk, "index.ts"), file, external),
  });
await added("@convex-lens/sdk/react (added to the core)", join(sdk, "react", "index.ts"));
// As the size budget measures it: the OTLP exporter counts (an app without `otlp` lacks it).
await added(
  "@convex-lens/sdk/web without OTLP (added to the core)",
  join(sdk, "web", "index.ts"),
  budgets.webWithoutOtlp.external,
);
add(
  ours,
  "@convex-lens/sdk/sketch (alone)",
  await bundleSize(join(sdk, "telemetry", "ddsketch.ts")),
);
add(
  ours,
  "@convex-lens/sdk/error-descriptions (dev-only, alone)",
  await bundleSize(join(sdk, "errors", "errorDescriptionsEntry.ts")),
);

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
