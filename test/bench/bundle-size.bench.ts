// Bundle sizes: the SDK's entries against the libraries an app would otherwise combine. Minified ESM
// for the browser, gzip -9 (esbuild, like the anchor figures in shared/notes/anchors.md).
import { join } from "node:path";
import { budgets, SDK } from "../size/budgets.js";
import { addedGzip, bundleSize, PEERS, sourceSize } from "../size/bundleSize.js";
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
/** An app's source from test/size/budgets.ts, its `@sdk` imports pointing at the SDK's sources. */
const app = (source: string) => source.replaceAll(SDK, sdk);
const core = app(budgets.corePath.app);
const corePath = await sourceSize(core, PEERS);
add(ours, "the core path: createLens() + instrument(ConvexReactClient)", corePath);
// Where the core path's bytes are: minified bytes per SDK folder (sdk/src/<folder>/…).
const folders = new Map<string, number>();
for (const [input, bytes] of corePath.inputs) {
  const folder = /sdk\/src\/([^/]+)\//.exec(input)?.[1] ?? "(top level)";
  folders.set(folder, (folders.get(folder) ?? 0) + bytes);
}
for (const [folder, bytes] of [...folders].sort((a, b) => b[1] - a[1])) {
  measurements.push({
    case: "the core path, minified bytes by SDK folder",
    variant: folder,
    metric: "minified",
    unit: "bytes",
    value: bytes,
  });
}
add(
  ours,
  "everything on: every module, /react, /web without OTLP",
  await sourceSize(app(budgets.everythingOn.app), PEERS),
);
add(
  ours,
  "@convex-lens/sdk (the whole core entry, every export)",
  await bundleSize(join(sdk, "index.ts")),
);
const added = async (variant: string, source: string, external?: readonly string[]) =>
  measurements.push({
    case: ours,
    variant,
    metric: "gzip",
    unit: "bytes",
    value: await addedGzip(core, app(source), external),
  });
await added("@convex-lens/sdk/react (added to the core path)", budgets.reactAdded.added);
// As the size budget measures it: the OTLP exporter counts (an app without `otlp` lacks it).
await added(
  "@convex-lens/sdk/web without OTLP (added to the core path)",
  budgets.webWithoutOtlp.added,
  budgets.webWithoutOtlp.external,
);
// What each opt-in module costs an app that lists it (with the modules it requires).
const modules: Record<string, string> = {
  "metrics()": "metrics()",
  "health() with metrics()": "metrics(), health()",
  "alerts()": "alerts()",
  "logger()": "logger()",
  "globalHandlers() with logger()": "logger(), globalHandlers()",
  "otelMetrics()": "otelMetrics()",
  "everything()": "...everything()",
};
for (const [variant, use] of Object.entries(modules)) {
  const names = use.replace("...", "").replace(/\(\)/g, "");
  await added(
    `module ${variant} (added to the core path)`,
    `import { ${names} } from "${SDK}/index.ts";\ncreateLens({ use: [${use}] });`,
  );
}
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
