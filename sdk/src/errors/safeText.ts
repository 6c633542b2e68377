import { readString } from "./readField.js";

/** Longest developer message a LensError keeps; an error is not a place to store a payload. */
export const MAX_MESSAGE_LENGTH = 2000;

/** Longest short field (function path, request id, app code) a LensError keeps. */
export const MAX_FIELD_LENGTH = 200;

const ELLIPSIS = "…";

/** Cuts `text` to at most `max` characters, marking the cut, so every stored string is bounded. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - ELLIPSIS.length))}${ELLIPSIS}`;
}

// Stops JSON.stringify early on huge objects instead of walking all of them.
const MAX_KEYS_RENDERED = 100;

function renderObject(value: object): string {
  let keys = 0;
  try {
    const json = JSON.stringify(value, (_key, field: unknown) => {
      keys += 1;
      if (keys > MAX_KEYS_RENDERED) throw new RangeError("too many keys");
      return typeof field === "bigint" ? `${field}n` : field;
    });
    if (typeof json === "string") return json;
  } catch {
    // circular, too big, or a throwing toJSON: fall through to the tag
  }
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return "[object]";
  }
}

/**
 * Renders any thrown value as a bounded string without ever throwing: errors give their message,
 * strings themselves, objects a short JSON preview, hostile objects a placeholder.
 */
export function safeText(value: unknown, max: number = MAX_MESSAGE_LENGTH): string {
  let text: string;
  try {
    if (typeof value === "string") text = value;
    else if (value === null || value === undefined) text = String(value);
    else if (typeof value === "function")
      text = `[function ${readString(value, "name") || "anonymous"}]`;
    else if (typeof value === "object") text = readString(value, "message") ?? renderObject(value);
    else text = String(value);
  } catch {
    text = "[unprintable value]";
  }
  return truncate(text, max);
}
