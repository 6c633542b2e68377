// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

/**
 * What the build says it is: "production" or "development" when `process.env.NODE_ENV` says so
 * (any value but "production" is development, as React reads it), "unknown" when nothing set it
 * (no `NODE_ENV`, or no `process` at all: an unbundled script, a bundler without `define`).
 * Bundlers (Vite, webpack, esbuild with `--define`) replace the literal `process.env.NODE_ENV` at
 * build time, so it must stay written exactly so (no `?.`); a production bundle folds this.
 */
export type BuildMode = "development" | "production" | "unknown";

/** The build mode of the code running now; see {@link BuildMode}. */
export function buildMode(): BuildMode {
  try {
    // Read twice rather than into a variable, so that a production bundle folds the first test.
    if (process.env.NODE_ENV === "production") return "production";
    return typeof process.env.NODE_ENV === "string" ? "development" : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Whether this may be a development build, for what is harmless to turn on there (the DevTools
 * bridge, its span processor): anything but a build that says "production". Commands use the
 * stricter rule in devtoolsSettings.ts, where an unknown build counts as production.
 */
export function isDevelopmentBuild(): boolean {
  return buildMode() !== "production";
}
