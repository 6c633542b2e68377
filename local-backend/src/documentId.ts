/**
 * Document ids as convex-test makes them: a zero-padded counter followed by the table name
 * (`_generateId`, convex-test/dist/index.js), e.g. `0000000000000000000010000messages`. Real
 * deployments use a different, opaque format; nothing outside the backend should parse these.
 */

/** The table an id belongs to, or null for ids in any other format. */
export function tableFromId(id: string): string | null {
  const match = /^[0-9]+/.exec(id);
  if (match === null || match[0].length === id.length) {
    return null;
  }
  return id.slice(match[0].length);
}

/** The counter part of an id, or null for ids in any other format. */
export function counterFromId(id: string): number | null {
  const match = /^[0-9]+/.exec(id);
  if (match === null || match[0].length === id.length) {
    return null;
  }
  return Number(match[0]);
}
