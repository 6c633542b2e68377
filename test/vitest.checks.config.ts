import { defineConfig } from "vitest/config";

// Checks that need no running backend: docs that must match the code, and bundle-size budgets.
export default defineConfig({
  test: {
    name: "checks",
    include: ["docs/**/*.test.ts", "size/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
