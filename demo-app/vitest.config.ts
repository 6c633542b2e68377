import { defineConfig } from "vitest/config";

// convex-test's docs suggest the "edge-runtime" environment, which is not installed here; the
// functions use nothing that Node lacks, so "node" runs them the same way. The app's own tests
// (src/) are plain logic (stores, formatting, optimistic updates, the admin client) and need no DOM.
export default defineConfig({
  test: {
    name: "demo-convex",
    include: ["convex/**/*.test.ts", "src/**/*.test.ts"],
    environment: "node",
    // The functions log on purpose (the DevTools panel shows those lines); keep them for failures.
    silent: "passed-only",
  },
});
