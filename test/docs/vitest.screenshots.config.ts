import { join } from "node:path";
import { defineConfig } from "vitest/config";

// The screenshots of docs/devtools.md. Not part of `pnpm test` (no project lists this file): run it
// by hand when the panel's look changes, then commit docs/images/panel-*.png:
//   pnpm vitest run --config test/docs/vitest.screenshots.config.ts
export default defineConfig({
  test: {
    name: "docs-screenshots",
    root: join(import.meta.dirname, ".."),
    include: ["docs/**/*.shots.ts"],
    environment: "node",
    // The same setup as the e2e suite: local-backend's dist/ and the extension's dist/ when stale.
    globalSetup: ["./support/globalSetup.ts", "./e2e/support/buildExtension.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
