import {
  PAGE_SOURCE,
  type PageMessage,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  validateMessage,
  type WireAttempt,
  type WireAttributes,
  type WireAttributeValue,
  type WireCall,
  type WireEvent,
  type WireItem,
  type WireSpan,
} from "@convex-lens/sdk/devtools-protocol";
import type { SessionBatch } from "../../shared/portMessages";

/** Largest file the panel imports, in characters. */
export const MAX_IMPORT_CHARS = 128 * 1024 * 1024;
/** Spans read from one file at most; the rest are ignored. */
export const MAX_IMPORT_SPANS = 200_000;

/** What an import produced. */
export interface ImportResult {
  batches: SessionBatch[];
  calls: number;
  spans: number;
  /** Spans left out: malformed, over the caps, or refused by the protocol validator. */
  skipped: number;
}

/** Why an import failed as a whole. */
export class ImportError extends Error {
  override readonly name = "ImportError";
  constructor(
    readonly code: "TOO_LARGE" | "NOT_JSON" | "NOT_OTLP",
    message: string,
  ) {
    super(message);
  }
}

const KIND_NAMES = ["internal", "internal", "server", "client", "producer", "consumer"] as const;
const STATUS_NAMES = ["unset", "ok", "error"] as const;

/**
 * Reads an OTLP/JSON trace file (as exported by the panel, or by any OTLP tool) into batches the
 * store can ingest. The file is untrusted: it is read field by field, and every item it yields
 * goes through the protocol's validator like a live page's would, so an imported file can never
 * show the panel anything a page could not.
 */
export function importOtlp(text: string, label = "import"): ImportResult {
  if (text.length > MAX_IMPORT_CHARS) {
    throw new ImportError("TOO_LARGE", `The file is over ${MAX_IMPORT_CHARS / 1024 / 1024} MB.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ImportError("NOT_JSON", "The file is not JSON.");
  }
  const resourceSpans = field(document, "resourceSpans");
  if (!Array.isArray(resourceSpans)) {
    throw new ImportError(
      "NOT_OTLP",
      "The file has no resourceSpans: it is not an OTLP/JSON trace export.",
    );
  }
  const raw: { session: string; spans: Record<string, unknown>[] }[] = [];
  let budget = MAX_IMPORT_SPANS;
  let skipped = 0;
  resourceSpans.forEach((resource, r) => {
    const attributes = readAttributes(field(field(resource, "resource"), "attributes"));
    const session =
      typeof attributes["convex_lens.session.id"] === "string"
        ? `${label}:${attributes["convex_lens.session.id"]}`
        : `${label}:${r}`;
    const spans: Record<string, unknown>[] = [];
    for (const scopeSpans of arrayField(resource, "scopeSpans")) {
      const scope = field(field(scopeSpans, "scope"), "name");
      for (const span of arrayField(scopeSpans, "spans")) {
        if (budget-- <= 0 || typeof span !== "object" || span === null) {
          skipped++;
          continue;
        }
        spans.push({
          ...(span as Record<string, unknown>),
          __scope: typeof scope === "string" ? scope : "",
        });
      }
    }
    raw.push({ session, spans });
  });

  const batches: SessionBatch[] = [];
  let calls = 0;
  let others = 0;
  for (const { session, spans } of raw) {
    const items = toItems(spans);
    skipped += spans.length - items.consumed;
    // Through the validator, in page-sized batches, exactly as live data goes.
    for (let i = 0; i < items.items.length; i += PROTOCOL_LIMITS.maxBatchItems) {
      const chunk = items.items.slice(i, i + PROTOCOL_LIMITS.maxBatchItems);
      const result = validateMessage({
        source: PAGE_SOURCE,
        v: PROTOCOL_VERSION,
        session,
        batch: chunk,
      });
      if (!result.ok) {
        skipped += chunk.length;
        continue;
      }
      const batch = (result.message as PageMessage).batch;
      skipped += result.droppedItems;
      for (const item of batch) {
        if (item.type === "call") calls++;
        else others++;
      }
      batches.push({ session, items: batch });
    }
  }
  return { batches, calls, spans: others, skipped };
}

function toItems(spans: Record<string, unknown>[]): { items: WireItem[]; consumed: number } {
  const attemptsByParent = new Map<string, WireAttempt[]>();
  const logical: Record<string, unknown>[] = [];
  const plain: Record<string, unknown>[] = [];
  let consumed = 0;
  for (const span of spans) {
    const attributes = readAttributes(span.attributes);
    const parent = typeof span.parentSpanId === "string" ? span.parentSpanId : "";
    if (typeof attributes["convex.retry.attempt"] === "number" && parent !== "") {
      const list = attemptsByParent.get(parent) ?? [];
      const status = readStatus(span.status);
      list.push({
        attempt: attributes["convex.retry.attempt"],
        startedAt: millis(span.startTimeUnixNano),
        durationMs: Math.max(0, millis(span.endTimeUnixNano) - millis(span.startTimeUnixNano)),
        error:
          status.code === 2
            ? { code: stringOr(attributes["error.type"], "UNKNOWN"), message: status.message ?? "" }
            : null,
      });
      attemptsByParent.set(parent, list);
      consumed++;
    } else if (
      attributes["rpc.system.name"] === "convex" &&
      typeof attributes["convex.function.kind"] === "string"
    ) {
      logical.push(span);
    } else {
      plain.push(span);
    }
  }
  const items: WireItem[] = [];
  let seq = 0;
  for (const span of logical) {
    const call = toCall(span, ++seq, attemptsByParent);
    if (call !== null) {
      items.push(call);
      consumed++;
    }
  }
  for (const span of plain) {
    const wire = toSpan(span, ++seq);
    if (wire !== null) {
      items.push(wire);
      consumed++;
    }
  }
  items.sort((a, b) => startOf(a) - startOf(b));
  items.forEach((item, i) => {
    (item as { seq: number }).seq = i + 1;
  });
  return { items, consumed };
}

function startOf(item: WireItem): number {
  return item.type === "call" || item.type === "span" ? item.startedAt : 0;
}

function toCall(
  span: Record<string, unknown>,
  seq: number,
  attemptsByParent: Map<string, WireAttempt[]>,
): WireCall | null {
  const a = readAttributes(span.attributes);
  const spanId = typeof span.spanId === "string" ? span.spanId : "";
  const startedAt = millis(span.startTimeUnixNano);
  const status = readStatus(span.status);
  const code = a["error.type"];
  const attempts = (attemptsByParent.get(spanId) ?? []).sort((x, y) => x.attempt - y.attempt);
  const call = {
    type: "call",
    seq,
    name: span.name,
    functionPath: a["rpc.method"],
    kind: a["convex.function.kind"],
    transport: a["convex.transport"] ?? "websocket",
    serverAddress: stringOr(a["server.address"], ""),
    startedAt,
    durationMs: Math.max(0, millis(span.endTimeUnixNano) - startedAt),
    attempts:
      typeof a["convex.attempts"] === "number"
        ? a["convex.attempts"]
        : Math.max(1, attempts.length),
    attemptDetails: attempts,
    events: readEvents(span.events),
    error:
      status.code === 2 || typeof code === "string"
        ? {
            code: stringOr(code, "UNKNOWN"),
            message: status.message ?? "",
            userMessage: stringOr(a["convex.error.user_message"], ""),
            httpStatus:
              typeof a["convex.error.http_status"] === "number"
                ? a["convex.error.http_status"]
                : null,
            retryable: a["convex.error.retryable"] === true,
            ...(typeof a["convex.request_id"] === "string"
              ? { requestId: a["convex.request_id"] }
              : {}),
            ...(typeof a["convex.error.app_code"] === "string"
              ? { appCode: a["convex.error.app_code"] }
              : {}),
          }
        : null,
    traceId: typeof span.traceId === "string" ? span.traceId : "",
    spanId,
    faultInjected: a["convex.fault_injected"] === true,
    subscription: a["convex.subscription"] === true,
    ...(typeof a["convex.args"] === "string" ? { argsPreview: a["convex.args"] } : {}),
    ...(typeof a["convex.result"] === "string" ? { resultPreview: a["convex.result"] } : {}),
  };
  // Shape is checked by the validator afterwards; here only what would make no sense at all.
  return typeof call.name === "string" && typeof call.functionPath === "string"
    ? (call as WireCall)
    : null;
}

function toSpan(span: Record<string, unknown>, seq: number): WireSpan | null {
  const startedAt = millis(span.startTimeUnixNano);
  const status = readStatus(span.status);
  // The JSON mapping allows the enum's number or its name ("SPAN_KIND_SERVER").
  const kind =
    typeof span.kind === "number"
      ? KIND_NAMES[span.kind]
      : typeof span.kind === "string"
        ? KIND_NAMES.find((name) => `SPAN_KIND_${name.toUpperCase()}` === span.kind)
        : undefined;
  const wire: WireSpan = {
    type: "span",
    seq,
    traceId: stringOr(span.traceId, ""),
    spanId: stringOr(span.spanId, ""),
    name: stringOr(span.name, ""),
    spanKind: kind ?? "internal",
    startedAt,
    durationMs: Math.max(0, millis(span.endTimeUnixNano) - startedAt),
    status: STATUS_NAMES[status.code] ?? "unset",
    attributes: readAttributes(span.attributes),
    events: readEvents(span.events),
  };
  if (typeof span.parentSpanId === "string" && span.parentSpanId !== "")
    wire.parentSpanId = span.parentSpanId;
  if (status.message !== undefined) wire.statusMessage = status.message;
  if (typeof span.__scope === "string" && span.__scope !== "") wire.scope = span.__scope;
  return wire.traceId === "" || wire.spanId === "" || wire.name === "" ? null : wire;
}

function readEvents(raw: unknown): WireEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, PROTOCOL_LIMITS.maxEvents).flatMap((event) => {
    const name = field(event, "name");
    if (typeof name !== "string") return [];
    const out: WireEvent = { name, at: millis(field(event, "timeUnixNano")) };
    const attributes = readAttributes(field(event, "attributes"));
    if (Object.keys(attributes).length > 0) out.attributes = attributes;
    return [out];
  });
}

function readStatus(raw: unknown): { code: number; message?: string } {
  const code = field(raw, "code");
  const message = field(raw, "message");
  const out: { code: number; message?: string } = {
    // The JSON mapping also allows enum names.
    code:
      code === 2 || code === "STATUS_CODE_ERROR"
        ? 2
        : code === 1 || code === "STATUS_CODE_OK"
          ? 1
          : 0,
  };
  if (typeof message === "string" && message !== "") out.message = message;
  return out;
}

function readAttributes(raw: unknown): WireAttributes {
  const out: WireAttributes = Object.create(null);
  if (!Array.isArray(raw)) return out;
  for (const entry of raw.slice(0, PROTOCOL_LIMITS.maxAttributes)) {
    const key = field(entry, "key");
    if (typeof key !== "string") continue;
    const value = readValue(field(entry, "value"), 0);
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function readValue(raw: unknown, depth: number): WireAttributeValue | null | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const v = raw as Record<string, unknown>;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (typeof v.intValue === "string" || typeof v.intValue === "number") {
    const n = Number(v.intValue);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof v.doubleValue === "number") return v.doubleValue;
  if (depth === 0 && Array.isArray(field(v.arrayValue, "values"))) {
    return (field(v.arrayValue, "values") as unknown[])
      .slice(0, PROTOCOL_LIMITS.maxArrayValues)
      .map((item) => {
        const value = readValue(item, 1);
        return value === undefined || Array.isArray(value) ? null : value;
      });
  }
  return undefined;
}

function millis(raw: unknown): number {
  if (typeof raw === "number") return raw / 1_000_000;
  if (typeof raw !== "string" || !/^\d{1,25}$/.test(raw)) return 0;
  const n = BigInt(raw);
  return Number(n / 1_000_000n) + Number(n % 1_000_000n) / 1_000_000;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function arrayField(value: unknown, key: string): unknown[] {
  const out = field(value, key);
  return Array.isArray(out) ? out : [];
}
