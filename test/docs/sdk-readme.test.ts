import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCatalogTable, type LensOptions } from "@convex-lens/sdk";
import { describe, expect, it } from "vitest";

const readme = readFileSync(join(import.meta.dirname, "../../sdk/README.md"), "utf8");

// Every top-level option, as a value the compiler checks against LensOptions: adding an option
// without listing it here fails typecheck, and listing it without documenting it fails this test.
const OPTIONS: Record<keyof Required<LensOptions>, true> = {
  tracerProvider: true,
  retry: true,
  breaker: true,
  timeoutMs: true,
  functions: true,
  capture: true,
  devtools: true,
  meterProvider: true,
  metrics: true,
  thresholds: true,
  logger: true,
};

describe("sdk/README.md", () => {
  it("carries the error catalog exactly as the code defines it", () => {
    expect(readme).toContain(errorCatalogTable());
  });

  it("documents every option of createLens", () => {
    for (const option of Object.keys(OPTIONS)) expect(readme).toContain(`| \`${option}\``);
  });
});
