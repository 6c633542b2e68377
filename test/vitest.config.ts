import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "integration",
    include: ["integration/**/*.test.{ts,tsx}"],
    environment: "node",
    // Builds local-backend's dist/ when stale: the suites spawn its CLI in child processes.
    globalSetup: ["./support/globalSetup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
