/**
 * A short, safe rendering of an untrusted value for a configuration error message. `String()`
 * throws on null-prototype objects and `JSON.stringify` on BigInt and cycles; this never throws
 * and never returns more than ~60 characters.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return String(value);
    default:
      if (value === null) return "null";
      if (Array.isArray(value)) return "an array";
      return typeof value === "object" ? "an object" : `a ${typeof value}`;
  }
}
