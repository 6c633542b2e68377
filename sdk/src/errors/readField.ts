/**
 * `value[key]`, or undefined when reading it throws: a thrown value can be anything, including a
 * Proxy whose every trap throws, and reading it must not.
 */
export function readField(value: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(value, key);
  } catch {
    return undefined;
  }
}

/** {@link readField} when the field is a string, else undefined. */
export function readString(value: object, key: PropertyKey): string | undefined {
  const field = readField(value, key);
  return typeof field === "string" ? field : undefined;
}
