import type { ErrorCode, FunctionMetrics } from "@convex-lens/sdk";

/** One row of the "errors by code" table. */
export interface CodeRow {
  readonly code: ErrorCode;
  readonly count: number;
  /** The functions that failed with it, most failures first. */
  readonly functions: readonly { readonly functionPath: string; readonly count: number }[];
}

/**
 * Folds each function's failures by code into one row per code, most frequent first. The inputs
 * are already bounded (the SDK caps functions and codes), so this is too.
 */
export function errorsByCode(
  functions: readonly FunctionMetrics[],
  span: "session" | "window",
): CodeRow[] {
  const rows = new Map<ErrorCode, { count: number; functions: Map<string, number> }>();
  for (const fn of functions) {
    for (const [code, count] of Object.entries(fn[span].failuresByCode) as [ErrorCode, number][]) {
      if (!count) continue;
      const row = rows.get(code) ?? { count: 0, functions: new Map<string, number>() };
      row.count += count;
      row.functions.set(fn.functionPath, (row.functions.get(fn.functionPath) ?? 0) + count);
      rows.set(code, row);
    }
  }
  return [...rows]
    .map(([code, row]) => ({
      code,
      count: row.count,
      functions: [...row.functions]
        .map(([functionPath, count]) => ({ functionPath, count }))
        .sort((a, b) => b.count - a.count || a.functionPath.localeCompare(b.functionPath)),
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
