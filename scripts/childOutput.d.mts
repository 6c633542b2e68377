/** Whether the user asked for all child output (`--verbose` or LENS_VERBOSE=1). */
export function isVerbose(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): boolean;
/** A per-line filter for one child's stream: true shows the line. */
export function childLineFilter(
  source: "backend" | "demo",
  stream: "stdout" | "stderr",
  verbose: boolean,
): (line: string) => boolean;
/** Whether a line a passing build wrote to stderr is a known, harmless notice. */
export function isBuildNoise(line: string): boolean;
