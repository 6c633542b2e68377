import { PROTOCOL_LIMITS, type WireAttributes, type WireAttributeValue } from "./protocolTypes.js";

/**
 * Thrown inside the validator to refuse a whole message (over budget, say); the validator catches
 * it and answers `{ ok: false, reason }`, so it never reaches a caller.
 */
export class Refusal {
  constructor(readonly reason: string) {}
}

// Keys that could reach or shadow Object.prototype if a consumer ever copied them naively.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const NODE_WEIGHT = 16;

/**
 * Reads untrusted values field by field, charging every read to one budget, so the validator's
 * work stays bounded whatever a page posts (`PROTOCOL_LIMITS.maxMessageWeight`). Every reader
 * answers null for a value of the wrong shape; the caller decides whether that drops a field, an
 * item or the message.
 */
export class Reader {
  constructor(private budget: number) {
    this.limit = budget;
  }
  private readonly limit: number;

  /** Work charged so far. */
  get used(): number {
    return this.limit - this.budget;
  }

  private charge(weight: number): void {
    this.budget -= weight;
    if (this.budget < 0) throw new Refusal("message too large");
  }

  /** A plain object (not an array), or null. */
  record(value: unknown): object | null {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    this.charge(NODE_WEIGHT);
    return value;
  }

  /** A string within the id cap, possibly empty (addresses, ids under a no-op tracer), or null. */
  short(value: unknown): string | null {
    if (typeof value !== "string" || value.length > PROTOCOL_LIMITS.maxIdLength) return null;
    this.charge(value.length);
    return value;
  }

  /** A non-empty identifier within the id cap, or null. */
  id(value: unknown): string | null {
    if (typeof value !== "string" || value.length === 0) return null;
    if (value.length > PROTOCOL_LIMITS.maxIdLength) return null;
    this.charge(value.length);
    return value;
  }

  /** Free text, cut to the text cap. */
  text(value: unknown): string | null {
    if (typeof value !== "string") return null;
    const max = PROTOCOL_LIMITS.maxTextLength;
    this.charge(Math.min(value.length, max));
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  }

  /** One of a fixed set of strings. */
  oneOf(value: unknown, allowed: ReadonlySet<string>): string | null {
    return typeof value === "string" && allowed.has(value) ? value : null;
  }

  /** A finite number, or null. */
  number(value: unknown): number | null {
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  }

  /** A non-negative safe integer. */
  count(value: unknown): number | null {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
  }

  /** Epoch milliseconds (any finite non-negative number). */
  time(value: unknown): number | null {
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
  }

  /** A duration in milliseconds. */
  duration(value: unknown): number | null {
    return this.time(value);
  }

  /** Up to `max` valid entries of an array; invalid entries are skipped. */
  list<T>(value: unknown, max: number, read: (reader: Reader, raw: unknown) => T | null): T[] {
    if (!Array.isArray(value)) return [];
    this.charge(NODE_WEIGHT);
    const out: T[] = [];
    const n = Math.min(value.length, max);
    for (let i = 0; i < n; i++) {
      const entry = read(this, value[i]);
      if (entry !== null) out.push(entry);
    }
    return out;
  }

  /** OpenTelemetry-style attributes: primitive values or flat arrays of them; the rest is dropped. */
  attributes(value: unknown): WireAttributes {
    const out: WireAttributes = Object.create(null);
    const record = this.record(value);
    if (record === null) return out;
    let kept = 0;
    for (const key of Object.keys(record)) {
      if (kept >= PROTOCOL_LIMITS.maxAttributes) break;
      // Every key visited costs, so a million rejected keys cannot run the loop for free.
      this.charge(1 + Math.min(key.length, PROTOCOL_LIMITS.maxIdLength));
      if (FORBIDDEN_KEYS.has(key) || key.length === 0 || key.length > PROTOCOL_LIMITS.maxIdLength) {
        continue;
      }
      const attribute = this.attributeValue((record as Record<string, unknown>)[key]);
      if (attribute === null) continue;
      out[key] = attribute;
      kept++;
    }
    return out;
  }

  private attributeValue(value: unknown): WireAttributeValue | null {
    if (typeof value === "string") return this.text(value);
    if (typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (!Array.isArray(value)) return null;
    this.charge(NODE_WEIGHT);
    const out: (string | number | boolean | null)[] = [];
    const n = Math.min(value.length, PROTOCOL_LIMITS.maxArrayValues);
    for (let i = 0; i < n; i++) {
      const entry: unknown = value[i];
      if (entry === null || typeof entry === "boolean") out.push(entry);
      else if (typeof entry === "number") out.push(Number.isFinite(entry) ? entry : null);
      else if (typeof entry === "string") out.push(this.text(entry));
      else out.push(null);
    }
    return out;
  }
}

/**
 * `value[key]` when it is the object's own property, else undefined: an inherited (possibly
 * polluted) value must never count as data.
 */
export function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
