// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

/**
 * Whether this is a development build, by the rule React uses: anything but a build that says
 * `process.env.NODE_ENV === "production"` is development. Bundlers (Vite, webpack, esbuild with
 * `--define`) replace the literal `process.env.NODE_ENV` at build time, so it must stay written
 * exactly so (no `?.`); a production bundle folds this to `false`. Where nothing replaced it and
 * no `process` exists, reading it throws, and that is development.
 */
export function isDevelopmentBuild(): boolean {
  try {
    return process.env.NODE_ENV !== "production";
  } catch {
    return true;
  }
}
