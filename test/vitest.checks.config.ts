import { defineConfig } from "vitest/config";

// Checks that need no running backend: docs that must match the code, bundle-size budgets, the
// repository scripts' logic (scripts/*.mjs) and the import directions of DESIGN.md (layers/).
export default defineConfig({
  test: {
    name: "checks",
    include: [
      "docs/**/*.test.ts",
      "size/**/*.test.ts",
      "scripts/**/*.test.ts",
      "layers/**/*.test.ts",
      "types/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 60_000,
  },
});
