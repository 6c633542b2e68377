import type { FunctionMetrics, SlowCall } from "@convex-lens/sdk";

/** Rows the "slowest calls" table shows. */
export const SLOWEST_SHOWN = 8;

/** The slowest calls across every function, slowest first, at most `limit`. */
export function slowestCalls(
  functions: readonly FunctionMetrics[],
  limit: number = SLOWEST_SHOWN,
): SlowCall[] {
  return functions
    .flatMap((fn) => fn.slowest)
    .sort((a, b) => b.durationMs - a.durationMs || b.startedAt - a.startedAt)
    .slice(0, limit);
}
