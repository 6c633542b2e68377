import { defineConfig } from "vitest/config";

// The packages as users install them (issue 14 §4): `pnpm pack`, `npm install` into an app outside
// the workspace with peers from the npm registry, every entry imported, a real call to the packed
// local backend, a consumer type-checked with tsc. Needs the registry (npm's cache is kept in the
// OS temp dir, so a rerun is mostly offline).
export default defineConfig({
  test: {
    name: "packaging",
    include: ["packaging/**/*.test.ts"],
    environment: "node",
    // Builds a published package whose dist/ is missing or stale: pnpm pack takes dist/ as it is.
    globalSetup: ["./packaging/globalSetup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
