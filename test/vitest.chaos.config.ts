import { defineConfig } from "vitest/config";

// Long-running reliability suites: chaos against the local backend, memory bounds, telemetry
// isolation. One file at a time, so each gets the machine's two cores to itself.
export default defineConfig({
  test: {
    name: "chaos",
    include: ["chaos/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./support/globalSetup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 60_000,
    execArgv: ["--expose-gc"],
  },
});
