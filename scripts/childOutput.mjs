// What `pnpm start` lets through from the processes it runs. A newcomer needs the URLs, the steps
// and real trouble; the backend's request chatter, its machine-readable JSON lines and Vite's own
// banner (a second copy of the demo's URL) are for whoever asks with --verbose or LENS_VERBOSE=1.

/** Whether the user asked for everything the children print: `--verbose` or LENS_VERBOSE=1. */
export function isVerbose(argv, env) {
  return (
    argv.includes("--verbose") ||
    (env.LENS_VERBOSE !== undefined && env.LENS_VERBOSE !== "" && env.LENS_VERBOSE !== "0")
  );
}

/**
 * A filter for one child's stream: called with each line, it says whether to show it.
 * - `backend` stdout carries JSON events that `pnpm start` reads itself: never shown; its stderr
 *   shows `warning:` and `error:` lines (the local backend's logger prefixes them so).
 * - `demo` (Vite) stdout is its banner and HMR notes: hidden; its stderr is warnings and errors.
 * A line that starts with whitespace (a stack frame) goes with the line before it.
 */
export function childLineFilter(source, stream, verbose) {
  let previous = false;
  return (line) => {
    if (source === "backend" && stream === "stdout" && line.startsWith("{")) return false;
    if (verbose) return true;
    if (/^\s/.test(line) && line.trim() !== "") return previous;
    previous = isTrouble(source, stream, line);
    return previous;
  };
}

function isTrouble(source, stream, line) {
  if (stream === "stdout") return false;
  if (source === "backend") return /^(warning|error):/i.test(line);
  return line.trim() !== "";
}

/**
 * Build output on stderr that is no news to anyone: crxjs builds the content script as one file
 * and sets Rollup's inlineDynamicImports, which Vite 8 reports on every build, though nothing is
 * wrong and nothing in this repository can change it.
 */
export function isBuildNoise(line) {
  return /inlineDynamicImports\W+option is ignored/.test(line) || line.trim() === "";
}
