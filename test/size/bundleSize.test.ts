import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgets } from "./budgets.js";
import { addedGzip, bundleSize } from "./bundleSize.js";

const root = join(import.meta.dirname, "../..");

describe("bundle size budgets", () => {
  it(`keeps the core entry within ${budgets.core.gzip.toLocaleString("en")} bytes gzip`, async () => {
    const size = await bundleSize(join(root, budgets.core.entry));
    expect(size.gzip).toBeLessThanOrEqual(budgets.core.gzip);
  });

  it(`keeps /web without OTLP within ${budgets.webWithoutOtlp.gzip.toLocaleString("en")} bytes gzip added to the core`, async () => {
    const { entry, addedTo, external, gzip } = budgets.webWithoutOtlp;
    const added = await addedGzip(join(root, addedTo), join(root, entry), external);
    expect(added).toBeLessThanOrEqual(gzip);
  });

  it("does not load the OTLP exporter up front from /web", async () => {
    const { entry, external } = budgets.webWithoutOtlp;
    const alone = await bundleSize(join(root, entry), external);
    const withExporter = await bundleSize(join(root, entry), [
      ...external,
      "@opentelemetry/exporter-trace-otlp-http",
    ]);
    // Were the exporter imported statically, making it external would shrink /web by its size.
    expect(alone.gzip - withExporter.gzip).toBeLessThan(100);
  });
});
