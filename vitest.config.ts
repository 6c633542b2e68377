import { defineConfig } from "vitest/config";

// `pnpm test` runs every package's unit tests plus the cross-package suites in test/.
export default defineConfig({
  test: {
    projects: [
      "sdk",
      "collector",
      "local-backend",
      "demo-app",
      "devtools-extension",
      "test",
      "test/vitest.checks.config.ts",
      "test/vitest.packaging.config.ts",
      "test/vitest.chaos.config.ts",
      "test/vitest.e2e.config.ts",
      "test/vitest.security.config.ts",
    ],
  },
});
