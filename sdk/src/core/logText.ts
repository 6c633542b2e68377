/**
 * One argument of a console-style log call as text, the way the SDK records it: a string as it is,
 * an Error as "Name: message", anything else as JSON (or `String()` where JSON has nothing to say).
 * Never throws: a log line about a call must not break the call (cycles and BigInt defeat
 * `JSON.stringify`, null-prototype objects defeat `String()`).
 */
export function logText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return "[unprintable value]";
    }
  }
}
