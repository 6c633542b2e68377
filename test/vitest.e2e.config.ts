import { defineConfig } from "vitest/config";

// Browser end-to-end tests: Debian's Chromium with the built extension, a page using the SDK,
// and the local backend. One file at a time (each starts a browser and a backend), in forks.
export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["e2e/**/*.test.ts"],
    environment: "node",
    // Builds local-backend's dist/ (the spawned CLI runs it) and the extension's dist/ when stale.
    globalSetup: ["./support/globalSetup.ts", "./e2e/support/buildExtension.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
