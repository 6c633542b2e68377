import { defineConfig } from "vitest/config";

// Hostile input: fuzzed protocol and API traffic against the local backend, hostile arguments
// through the SDK, and hostile pages against the DevTools extension. One file at a time.
export default defineConfig({
  test: {
    name: "security",
    root: import.meta.dirname,
    include: ["security/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./support/globalSetup.ts", "./e2e/support/buildExtension.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
