import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgets, SDK } from "./budgets.js";
import { addedGzip, PEERS, sourceSize } from "./bundleSize.js";

const sdk = join(import.meta.dirname, "../../sdk/src");
/** The SDK files only an opt-in module imports (sdk/src/modules/*.ts), relative to sdk/src/. */
const MODULE_ENGINES = [
  "telemetry/metricsStore.ts",
  "telemetry/ddsketch.ts",
  "telemetry/health.ts",
  "telemetry/healthThresholds.ts",
  "telemetry/logger.ts",
  "telemetry/redactingLogger.ts",
  "telemetry/convexLogger.ts",
  "telemetry/globalHandlers.ts",
  "telemetry/otelMetrics.ts",
  "resilience/faultInjector.ts",
];
/** An app's source with its `@sdk` imports pointing at the SDK's sources. */
const app = (source: string) => source.replaceAll(SDK, sdk);

describe("bundle size budgets, as an app bundles the SDK", () => {
  it(`keeps the core path (createLens + instrument) within ${budgets.corePath.gzip.toLocaleString("en")} bytes gzip`, async () => {
    const size = await sourceSize(app(budgets.corePath.app), PEERS);
    expect(size.gzip).toBeLessThanOrEqual(budgets.corePath.gzip);
  });

  it(`keeps everything on (every module, /react, /web) within ${budgets.everythingOn.gzip.toLocaleString("en")} bytes gzip`, async () => {
    const size = await sourceSize(app(budgets.everythingOn.app), PEERS);
    expect(size.gzip).toBeLessThanOrEqual(budgets.everythingOn.gzip);
  });

  it(`keeps /react within ${budgets.reactAdded.gzip.toLocaleString("en")} bytes gzip added to the core path`, async () => {
    const added = await addedGzip(app(budgets.corePath.app), app(budgets.reactAdded.added));
    expect(added).toBeLessThanOrEqual(budgets.reactAdded.gzip);
  });

  it(`keeps /web without OTLP within ${budgets.webWithoutOtlp.gzip.toLocaleString("en")} bytes gzip added to the core path`, async () => {
    const { added, external, gzip } = budgets.webWithoutOtlp;
    const size = await addedGzip(app(budgets.corePath.app), app(added), external);
    expect(size).toBeLessThanOrEqual(gzip);
  });

  it("leaves out of the core path every module the app does not list", async () => {
    const core = await sourceSize(app(budgets.corePath.app), PEERS);
    const withHealth = await sourceSize(
      app(`${budgets.corePath.app}\nimport { health, metrics } from "${SDK}/index.ts";
createLens({ use: [metrics(), health()] });`),
      PEERS,
    );
    // Health and metrics (the sketch, the rolling window, the checks) are several KB gzip: were
    // they wired into createLens, listing them would add next to nothing.
    expect(withHealth.gzip - core.gzip).toBeGreaterThan(3_000);
    // Nor does any other module's file, or the engine behind it, load with the core path: of
    // modules/ only the installer createLens calls.
    const loaded = [...core.inputs.keys()].map((input) => input.replace(/^.*?sdk\/src\//, ""));
    expect(loaded.filter((file) => file.startsWith("modules/"))).toEqual([
      "modules/installModules.ts",
    ]);
    expect(loaded.filter((file) => MODULE_ENGINES.includes(file))).toEqual([]);
  });

  it("does not load the OTLP exporter up front from /web", async () => {
    const { added, external } = budgets.webWithoutOtlp;
    const alone = await sourceSize(app(added), external);
    const withExporter = await sourceSize(app(added), [
      ...external,
      "@opentelemetry/exporter-trace-otlp-http",
    ]);
    // Were the exporter imported statically, making it external would shrink /web by its size.
    expect(alone.gzip - withExporter.gzip).toBeLessThan(100);
  });
});
