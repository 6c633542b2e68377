/**
 * Replaces methods on one object (not its class), so the object keeps its identity and type and
 * other instances stay untouched. Returns the function that puts the originals back, whether they
 * were the object's own properties or inherited from its prototype.
 */
export function patchMethods(
  target: object,
  replacements: Readonly<Record<string, unknown>>,
): () => void {
  const record = target as Record<string, unknown>;
  const saved = Object.keys(replacements).map((name) => ({
    name,
    own: Object.hasOwn(record, name),
    value: record[name],
    replacement: replacements[name],
  }));
  for (const { name, replacement } of saved) record[name] = replacement;
  return () => {
    for (const { name, own, value, replacement } of saved) {
      // Someone patched over us since: leave their method in place.
      if (record[name] !== replacement) continue;
      if (own) record[name] = value;
      else delete record[name];
    }
  };
}
