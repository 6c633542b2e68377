import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgets } from "./budgets.js";
import { bundleSize } from "./bundleSize.js";

const root = join(import.meta.dirname, "../..");

describe("bundle size budgets", () => {
  for (const [name, budget] of Object.entries(budgets)) {
    it(`keeps the ${name} entry within ${budget.gzip.toLocaleString("en")} bytes gzip`, async () => {
      const size = await bundleSize(join(root, budget.entry));
      expect(size.gzip).toBeLessThanOrEqual(budget.gzip);
    });
  }
});
