import { isFiniteNumber, isRecord } from "./jsonGuards.js";

/**
 * Usage counters as span attributes, `convex.usage.<snake_case>`: the CLI spells them in camelCase
 * (`databaseReadBytes`), log streams in snake_case (`database_read_bytes`); both end up the same.
 * Only finite numbers are kept, at most 32 of them.
 */
export function readUsage(value: unknown): Record<string, number> {
  const usage: Record<string, number> = {};
  if (!isRecord(value)) return usage;
  for (const [key, item] of Object.entries(value).slice(0, 32)) {
    if (!isFiniteNumber(item) || !/^[A-Za-z_]{1,64}$/.test(key)) continue;
    usage[`convex.usage.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`] = item;
  }
  return usage;
}
