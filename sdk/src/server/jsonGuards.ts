// Checks on parsed JSON from logs anyone with deploy access can write to. The trace line's reader
// and the collector's readers of log events and CLI records share them (re-exported by the
// `@convex-lens/sdk/server/trace-line` entry), so there is one of each. Imports nothing.

/** Whether a parsed JSON value is an object (not null, not an array): every input check starts here. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a parsed JSON value is a usable number (not NaN or ±Infinity). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
