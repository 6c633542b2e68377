import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "local-backend",
    include: ["src/**/*.test.ts"],
    environment: "node",
    // Each backend runs convex-test, which installs global proxies: keep files in separate processes.
    pool: "forks",
  },
});
