import { defineConfig } from "vitest/config";

// Checks that need no running backend: docs that must match the code, bundle-size budgets and the
// repository scripts' logic (scripts/*.mjs).
export default defineConfig({
  test: {
    name: "checks",
    include: ["docs/**/*.test.ts", "size/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
