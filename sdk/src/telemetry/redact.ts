import type { CaptureOptions } from "../options.js";

/** Stands in for every redacted value. */
export const REDACTED = "[REDACTED]";

// Keys that always hold secrets, compared after lower-casing and dropping `_`/`-`. Redaction of these
// cannot be turned off: capture is opt-in, and leaking a token into a trace backend is not.
const BUILT_IN_SECRET_PARTS = [
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "authorization",
  "cookie",
  "credential",
  "privatekey",
  "sessionid",
  "cardnumber",
  "creditcard",
  "cvv",
  "ssn",
];

const MAX_DEPTH = 6;
const MAX_ENTRIES = 50;
const DEFAULT_MAX_LENGTH = 1_000;

/** Capture settings with defaults applied, compiled once per lens. */
export interface Redactor {
  /** A redacted JSON-like preview of `value`, at most `maxValueLength` characters. */
  preview(value: unknown): string;
}

/** Compiles the capture options into a redactor. */
export function createRedactor(options: CaptureOptions = {}): Redactor {
  const exactKeys = new Set<string>();
  const patterns: RegExp[] = [];
  for (const rule of options.redact ?? []) {
    if (typeof rule === "string") exactKeys.add(rule.toLowerCase());
    else patterns.push(new RegExp(rule.source, rule.flags.replace("g", "")));
  }
  const maxLength = options.maxValueLength ?? DEFAULT_MAX_LENGTH;

  const isSecretKey = (key: string): boolean => {
    const lower = key.toLowerCase();
    if (exactKeys.has(lower)) return true;
    const squashed = lower.replace(/[_-]/g, "");
    for (const part of BUILT_IN_SECRET_PARTS) if (squashed.includes(part)) return true;
    for (const pattern of patterns) if (pattern.test(key)) return true;
    return false;
  };
  const redactString = (text: string): string => {
    let out = text;
    for (const pattern of patterns)
      out = out.replace(new RegExp(pattern.source, `${pattern.flags}g`), REDACTED);
    return out;
  };

  const render = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value === "string") return redactString(value).slice(0, maxLength);
    if (typeof value === "bigint") return `${value}n`;
    if (value === null || typeof value !== "object") {
      return typeof value === "function" || typeof value === "symbol" ? `[${typeof value}]` : value;
    }
    if (seen.has(value)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[…]";
    if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        const items = value.slice(0, MAX_ENTRIES).map((item) => render(item, depth + 1, seen));
        if (value.length > MAX_ENTRIES) items.push(`[… ${value.length - MAX_ENTRIES} more]`);
        return items;
      }
      // A null prototype, so a hostile "__proto__" key is data, not a prototype swap.
      const out: Record<string, unknown> = Object.create(null);
      let count = 0;
      for (const key of Object.keys(value)) {
        if (count++ >= MAX_ENTRIES) {
          out["…"] = "more keys";
          break;
        }
        out[key] = isSecretKey(key)
          ? REDACTED
          : render((value as Record<string, unknown>)[key], depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  return {
    preview(value) {
      const text = JSON.stringify(render(value, 0, new Set())) ?? "undefined";
      return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
    },
  };
}
