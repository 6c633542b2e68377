#!/usr/bin/env node
// The `convex-lens-collector` command. The implementation is compiled to dist/ by
// `pnpm --filter @convex-lens/collector build`.
// A twin of local-backend/bin/convex-lens-backend.js on purpose: each npm package ships its own.
let cli;
try {
  cli = await import("../dist/cli.js");
} catch (error) {
  if (
    error &&
    error.code === "ERR_MODULE_NOT_FOUND" &&
    String(error.message).includes("dist/cli.js")
  ) {
    process.stderr.write(
      "convex-lens-collector: not built yet. Run `pnpm --filter @convex-lens/collector build` first.\n",
    );
    process.exit(1);
  }
  throw error;
}
await cli.runCli(process.argv.slice(2));
