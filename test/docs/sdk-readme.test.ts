import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCatalogTable } from "@convex-lens/sdk/error-descriptions";
import { describe, expect, it } from "vitest";
import { LENS_OPTION_KEYS } from "./lensOptionKeys.js";

const readme = readFileSync(join(import.meta.dirname, "../../sdk/README.md"), "utf8");

describe("sdk/README.md", () => {
  it("carries the error catalog exactly as the code defines it", () => {
    expect(readme).toContain(errorCatalogTable());
  });

  it("documents every option of createLens", () => {
    for (const option of Object.keys(LENS_OPTION_KEYS)) expect(readme).toContain(`| \`${option}\``);
  });
});
