import type { CallRecord } from "../telemetry/callRecord.js";
import type { Redactor } from "../telemetry/redact.js";
import type { WireItem } from "./protocol.js";
import type { ReadableSpanLike } from "./spanProcessor.js";
import { toWireCall, toWireSpan } from "./wireSerializer.js";

/** Bytes the bridge's history may hold while no panel reads it, across all its events. */
export const DEVTOOLS_BUFFER_BYTES = 8 * 1024 * 1024;

// What a call record held by reference costs beyond its strings: the object, its fields and the
// shared empty arrays (measured at about 400 bytes in V8; rounded up).
const RECORD_BYTES = 512;
// Strings are UTF-16 in V8's worst case; objects and arrays cost a header and a slot per field.
const STRING_BYTES = 16;
const OBJECT_BYTES = 32;
const FIELD_BYTES = 8;
// A record whose previews are longer than this is copied (and cut) rather than kept.
const MAX_PREVIEW_BY_REFERENCE = 2_048;

/** One history entry: what the ring keeps, whether it is already a protocol item, its weight. */
export interface RingEntry {
  readonly item: unknown;
  readonly serialised: boolean;
  readonly bytes: number;
}

/**
 * What the history keeps for a finished call. A call that failed or logged may hold megabytes (a
 * ConvexError's data, log lines), so it is kept as its capped, redacted protocol item, never by
 * reference; a plain success holds only short strings and is kept as is, so the common dormant
 * path stays one array write.
 */
export function callEntry(record: CallRecord, seq: number, redactor: Redactor): RingEntry {
  const args = record.argsPreview?.length ?? 0;
  const result = record.resultPreview?.length ?? 0;
  if (
    record.error === null &&
    record.events.length === 0 &&
    record.attemptDetails.length === 0 &&
    args <= MAX_PREVIEW_BY_REFERENCE &&
    result <= MAX_PREVIEW_BY_REFERENCE
  ) {
    const text =
      record.name.length +
      record.functionPath.length +
      record.serverAddress.length +
      record.traceId.length +
      record.spanId.length +
      args +
      result;
    return { item: record, serialised: false, bytes: RECORD_BYTES + 2 * text };
  }
  const item = toWireCall(record, seq, redactor);
  return { item, serialised: true, bytes: estimateBytes(item) };
}

/** What the history keeps for a span of the app's: its redacted protocol item (spans are the app's objects). */
export function spanEntry(span: ReadableSpanLike, seq: number, redactor: Redactor): RingEntry {
  const item: WireItem = toWireSpan(span, seq, redactor);
  return { item, serialised: true, bytes: estimateBytes(item) };
}

/**
 * A deterministic estimate of the bytes a plain value (a protocol item) takes in memory: two
 * bytes per character, eight per number, a header per object or array and a slot per field. It is
 * the history's own accounting, not a heap measurement; it errs on the high side.
 */
export function estimateBytes(value: unknown): number {
  if (typeof value === "string") return STRING_BYTES + 2 * value.length;
  if (value === null || typeof value !== "object") return FIELD_BYTES;
  let bytes = OBJECT_BYTES;
  if (Array.isArray(value)) {
    for (const item of value) bytes += FIELD_BYTES + estimateBytes(item);
    return bytes;
  }
  for (const key in value) {
    bytes += FIELD_BYTES + 2 * key.length + estimateBytes((value as Record<string, unknown>)[key]);
  }
  return bytes;
}
