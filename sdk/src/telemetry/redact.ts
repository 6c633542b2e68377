import { isLensConvexError, type LensError } from "../errors/index.js";
import type { CaptureOptions } from "../options.js";
import { isBuiltInSecretKey } from "./secretKey.js";
import { redactSecretValues } from "./secretPatterns.js";

/** Stands in for every redacted value. */
export const REDACTED = "[REDACTED]";

const MAX_DEPTH = 6;
const MAX_ENTRIES = 50;
const DEFAULT_MAX_LENGTH = 1_000;
// Longest text one `text()` call scans; the rest is cut, so no sink pays for a huge log line.
const MAX_TEXT_SCANNED = 64 * 1024;

// A key and its separator: `"key":` (JSON, also escaped inside a string: `\"key\":`),
// `key: ` (a colon then a space, so Convex paths like `auth:login` stay), `key=`. A key is a
// whole word (it starts and ends where a word does) of bounded length, so a scan is linear; the value after a secret key is
// then read with VALUE at that position.
const KEY_SEPARATOR =
  /(?<![\w$.-])([A-Za-z_$][\w$.-]{0,63})(?![\w$.-])(\\?["']\s{0,8}:\s{0,8}|\s{0,8}:\s{1,8}|\s{0,8}=\s{0,8})/g;
// A quoted value up to its closing quote (or the line's end), or a bare one up to a separator.
const VALUE = /(\\?["'])[^"'\\\n]*|[^\s"'\\,;&}\])?=]+/y;
// What Convex's argument validation echoes back: `Value: …` and `Object: {…}` lines
// (convex-backend's ValidationError, "ArgumentValidationError: Value does not match validator.").
const VALIDATION_ERROR = /ArgumentValidationError|Validator:/;
const VALIDATION_ECHO = /^(\s*(?:Value|Object):)[^\n]*/gm;
// With args capture on, an echoed value is still withheld when its path ends in a secret key.
const VALIDATION_PATH_VALUE = /^(\s*Path: ?[^\n]*?([\w$-]+)[ \t]*\n\s*Value:)[^\n]*/gm;

/** Attribute values as OpenTelemetry allows them; redaction keeps their shape. */
export type RedactableAttributes = Readonly<Record<string, unknown>>;

/**
 * The one redactor every telemetry sink goes through: span attributes, status and events, the
 * logger, the DevTools bridge and so exports. Built once per lens from the capture options; a lens
 * without them still has one, with the built-in keys and value patterns.
 */
export interface Redactor {
  /** A redacted JSON-like preview of `value`, at most `maxValueLength` characters. */
  preview(value: unknown): string;
  /** `text` with secret values, `secret: value` pairs and validation echoes replaced. */
  text(text: string): string;
  /** Whether `key` names a secret (built-in list, or the app's `redact` rules). */
  isSecretKey(key: string): boolean;
  /** A copy of flat attributes with secret keys and secret values in strings redacted. */
  attributes<T extends RedactableAttributes>(attributes: T): T;
  /**
   * What a sink shows as a failed call's message: the redacted message, and for a ConvexError the
   * framing without the app's data, unless `capture.errorData` keeps a redacted preview of it.
   */
  errorMessage(error: LensError): string;
}

/** Compiles the capture options into a redactor. Never throws at use: a failure redacts all. */
export function createRedactor(options: CaptureOptions = {}): Redactor {
  const exactKeys = new Set<string>();
  // Compiled global and not sticky, for `replace`; a key is tested with `search`, which ignores
  // `g` and `lastIndex` (a stateful `test` once skipped every other match).
  const patterns: RegExp[] = [];
  for (const rule of options.redact ?? []) {
    if (typeof rule === "string") exactKeys.add(rule.toLowerCase());
    else patterns.push(new RegExp(rule.source, `${rule.flags.replace(/[gy]/g, "")}g`));
  }
  const maxLength = options.maxValueLength ?? DEFAULT_MAX_LENGTH;
  const keepArgEchoes = options.args === true;
  const keepErrorData = options.errorData === true;

  const isSecretKey = (key: string): boolean => {
    if (exactKeys.has(key.toLowerCase()) || isBuiltInSecretKey(key)) return true;
    for (const pattern of patterns) if (key.search(pattern) >= 0) return true;
    return false;
  };

  // Only a secret key's value is consumed, so `failed: password=x` still finds `password`.
  const redactSecretPairs = (input: string): string => {
    if (!input.includes(":") && !input.includes("=")) return input;
    let out = "";
    let copied = 0;
    KEY_SEPARATOR.lastIndex = 0;
    for (let pair = KEY_SEPARATOR.exec(input); pair !== null; pair = KEY_SEPARATOR.exec(input)) {
      const valueAt = pair.index + pair[0].length;
      if (!isSecretKey(pair[1] ?? "")) continue;
      VALUE.lastIndex = valueAt;
      const value = VALUE.exec(input);
      if (value === null) continue;
      out += `${input.slice(copied, valueAt)}${value[1] ?? ""}${REDACTED}`;
      copied = valueAt + value[0].length;
      KEY_SEPARATOR.lastIndex = copied;
    }
    return copied === 0 ? input : out + input.slice(copied);
  };

  const redactText = (input: string): string => {
    let out = input.length > MAX_TEXT_SCANNED ? `${input.slice(0, MAX_TEXT_SCANNED)}…` : input;
    out = redactSecretValues(out, REDACTED);
    out = redactSecretPairs(out);
    if (VALIDATION_ERROR.test(out)) {
      out = keepArgEchoes
        ? out.replace(VALIDATION_PATH_VALUE, (echo, head: string, key: string) =>
            isSecretKey(key) ? `${head} ${REDACTED}` : echo,
          )
        : out.replace(VALIDATION_ECHO, `$1 ${REDACTED}`);
    }
    for (const pattern of patterns) {
      out = out.replace(pattern, (match) => (match === "" ? match : REDACTED));
    }
    return out;
  };
  const text = (input: string): string => {
    try {
      return redactText(input);
    } catch {
      return REDACTED;
    }
  };

  const render = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value === "string") return redactText(value).slice(0, maxLength);
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
  const preview = (value: unknown): string => {
    try {
      const json = JSON.stringify(render(value, 0, new Set())) ?? "undefined";
      return json.length > maxLength ? `${json.slice(0, maxLength)}…` : json;
    } catch {
      return JSON.stringify(REDACTED);
    }
  };

  const safeIsSecretKey = (key: string): boolean => {
    try {
      return isSecretKey(key);
    } catch {
      return true;
    }
  };

  return {
    preview,
    text,
    isSecretKey: safeIsSecretKey,
    attributes(attributes) {
      const out: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        if (safeIsSecretKey(key)) out[key] = REDACTED;
        else if (typeof value === "string") out[key] = text(value);
        else if (Array.isArray(value))
          out[key] = value.map((item: unknown) => (typeof item === "string" ? text(item) : item));
        else out[key] = value;
      }
      return out as typeof attributes;
    },
    errorMessage(error) {
      try {
        const message = String(error.message);
        if (!isLensConvexError(error)) return text(message);
        // Convex frames the app's data after "ConvexError" ("… Uncaught ConvexError: {…}").
        const at = message.indexOf("ConvexError");
        const framing = at < 0 ? "" : text(message.slice(0, at));
        const code = error.appCode === undefined ? "" : ` (${text(error.appCode)})`;
        return `${framing}ConvexError${code}${keepErrorData ? `: ${preview(error.data)}` : " [data not captured]"}`;
      } catch {
        return REDACTED;
      }
    },
  };
}
