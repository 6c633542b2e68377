import type {
  WireAttributes,
  WireAttributeValue,
  WireEvent,
  WireServerSpan,
  WireSession,
} from "@convex-lens/sdk/devtools-protocol";
import type { CallEntry } from "./callEntry";
import type { SpanEntry } from "./panelStore";
import { privateAttributeValue, withoutQueryAndFragment } from "./urlPrivacy";

// OTLP/JSON (opentelemetry-proto, trace/v1, JSON encoding): ids are lowercase hex, times are
// uint64 nanoseconds as strings, enums are numbers. The attribute names follow the SDK's
// semconv.ts, so an exported call looks like the span the SDK itself would have exported.

/** An OTLP attribute value. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };

/** An OTLP key/value. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** An OTLP span. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  status: { code: number; message?: string };
}

/** An OTLP/JSON trace export (`ExportTraceServiceRequest`). */
export interface OtlpTraceDocument {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[];
  }[];
}

/** OTLP `Span.SpanKind`. */
export const OTLP_SPAN_KIND = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;
/** OTLP `Status.StatusCode`. */
export const OTLP_STATUS = { unset: 0, ok: 1, error: 2 } as const;
/** The instrumentation scope of exported calls: the SDK's own name. */
export const SDK_SCOPE = "@convex-lens/sdk";

const ZERO_TRACE = /^0*$/;

/** What an export includes beyond the default. */
export interface OtlpExportOptions {
  /**
   * Keep page and request URLs whole. By default they lose their query string and fragment, and
   * `url.query` and `url.fragment` attributes are left out: they often carry tokens.
   */
  fullUrls?: boolean;
}

/**
 * The session as OTLP/JSON: one resource per page session, the calls (with one child span per
 * attempt when there were several) under the SDK's scope, and the page's other spans under
 * their own scopes. Loadable by OTLP tools (an OpenTelemetry Collector's otlpjsonfile receiver,
 * Jaeger's OTLP upload) and by this panel's import.
 */
export function toOtlpDocument(
  calls: readonly CallEntry[],
  spans: readonly SpanEntry[],
  sessions: readonly WireSession[],
  options: OtlpExportOptions = {},
): OtlpTraceDocument {
  const fullUrls = options.fullUrls === true;
  const bySession = new Map<string, { calls: OtlpSpan[]; scopes: Map<string, OtlpSpan[]> }>();
  const group = (session: string) => {
    let entry = bySession.get(session);
    if (!entry) {
      entry = { calls: [], scopes: new Map() };
      bySession.set(session, entry);
    }
    return entry;
  };
  for (const call of calls) group(call.session).calls.push(...callSpans(call, fullUrls));
  for (const span of spans) {
    const scopes = group(span.session).scopes;
    const scope = span.scope ?? "unknown";
    let list = scopes.get(scope);
    if (!list) {
      list = [];
      scopes.set(scope, list);
    }
    list.push(otherSpan(span, fullUrls));
  }
  const sessionInfo = new Map(sessions.map((s) => [s.sessionId, s]));
  return {
    resourceSpans: [...bySession.entries()].map(([session, content]) => {
      const info = sessionInfo.get(session);
      const attributes: OtlpKeyValue[] = [
        kv("service.name", "convex-lens-session"),
        kv("convex_lens.session.id", session),
      ];
      if (info) {
        const url = fullUrls ? info.url : withoutQueryAndFragment(info.url);
        attributes.push(kv("url.full", url), kv("telemetry.sdk.version", info.sdkVersion));
      }
      const scopeSpans: OtlpTraceDocument["resourceSpans"][number]["scopeSpans"] = [];
      if (content.calls.length > 0) {
        const scope: { name: string; version?: string } = { name: SDK_SCOPE };
        if (info) scope.version = info.sdkVersion;
        scopeSpans.push({ scope, spans: content.calls });
      }
      for (const [name, list] of content.scopes) scopeSpans.push({ scope: { name }, spans: list });
      return { resource: { attributes }, scopeSpans };
    }),
  };
}

function callSpans(call: CallEntry, fullUrls: boolean): OtlpSpan[] {
  // Under the no-op tracer the ids are zero, which OTLP tools reject: derive stable ones.
  const traceId = ZERO_TRACE.test(call.traceId)
    ? derivedId(`${call.session}:${call.id}`, 32)
    : call.traceId;
  const spanId = /^0*$/.test(call.spanId)
    ? derivedId(`${call.session}:${call.id}:span`, 16)
    : call.spanId;
  const attributes: OtlpKeyValue[] = [
    kv("rpc.system.name", "convex"),
    kv("rpc.method", call.functionPath),
    kv("server.address", call.serverAddress),
    kv("convex.function.kind", call.kind),
    kv("convex.transport", call.transport),
    kv("convex.attempts", call.attempts),
    kv("convex.fault_injected", call.faultInjected),
    kv("convex.subscription", call.subscription),
  ];
  if (call.argsPreview !== undefined) attributes.push(kv("convex.args", call.argsPreview));
  if (call.resultPreview !== undefined) attributes.push(kv("convex.result", call.resultPreview));
  const error = call.error;
  if (error !== null) {
    attributes.push(
      kv("error.type", error.code),
      kv("convex.error.user_message", error.userMessage),
      kv("convex.error.retryable", error.retryable),
    );
    if (error.httpStatus !== null)
      attributes.push(kv("convex.error.http_status", error.httpStatus));
    if (error.requestId !== undefined) attributes.push(kv("convex.request_id", error.requestId));
    if (error.appCode !== undefined) attributes.push(kv("convex.error.app_code", error.appCode));
  }
  // One CLIENT span per request that left the browser, as the SDK emits them: a call with attempt
  // details (it retried) is the INTERNAL parent of one CLIENT span per attempt; a call sent once is
  // that request's CLIENT span itself. Service maps then count a retried call's requests once each.
  const retried = call.attemptDetails.length > 0;
  const logical: OtlpSpan = {
    traceId,
    spanId,
    name: call.name,
    kind: retried ? OTLP_SPAN_KIND.internal : OTLP_SPAN_KIND.client,
    startTimeUnixNano: nanos(call.startedAt),
    endTimeUnixNano: nanos(call.startedAt + call.durationMs),
    attributes,
    events: call.events.map((event) => otlpEvent(event, fullUrls)),
    status:
      error === null
        ? { code: OTLP_STATUS.ok }
        : { code: OTLP_STATUS.error, message: error.message },
  };
  const out = [logical];
  let lastAttemptId = spanId;
  for (const attempt of call.attemptDetails) {
    const attemptAttributes = [kv("convex.retry.attempt", attempt.attempt)];
    if (attempt.error !== null) attemptAttributes.push(kv("error.type", attempt.error.code));
    lastAttemptId = derivedId(`${spanId}:attempt:${attempt.attempt}`, 16);
    out.push({
      traceId,
      spanId: lastAttemptId,
      parentSpanId: spanId,
      name: `${call.name} attempt ${attempt.attempt}`,
      kind: OTLP_SPAN_KIND.client,
      startTimeUnixNano: nanos(attempt.startedAt),
      endTimeUnixNano: nanos(attempt.startedAt + attempt.durationMs),
      attributes: attemptAttributes,
      events: [],
      status:
        attempt.error === null
          ? { code: OTLP_STATUS.ok }
          : { code: OTLP_STATUS.error, message: attempt.error.message },
    });
  }
  // The function's own spans came back with the attempt that was answered, the last one.
  for (const span of call.serverSpans ?? []) {
    out.push(serverSpan(span, traceId, lastAttemptId, fullUrls));
  }
  return out;
}

const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * A span of the traced function's execution (`@convex-lens/sdk/server`'s line, as the SDK read
 * it): the execution span sits under the attempt that received it, the rest under their server
 * parents, so the file holds the whole trace the SDK's own exporters got.
 */
function serverSpan(
  span: WireServerSpan,
  traceId: string,
  attemptSpanId: string,
  fullUrls: boolean,
): OtlpSpan {
  const id = (raw: string) => (SPAN_ID.test(raw) ? raw : derivedId(`${traceId}:${raw}`, 16));
  return {
    traceId,
    spanId: id(span.spanId),
    parentSpanId: span.parentSpanId === undefined ? attemptSpanId : id(span.parentSpanId),
    name: span.name,
    kind: OTLP_SPAN_KIND[span.kind],
    startTimeUnixNano: nanos(span.startedAt),
    endTimeUnixNano: nanos(span.startedAt + span.durationMs),
    attributes: [
      ...(span.attributes ? toKeyValues(span.attributes, fullUrls) : []),
      ...(span.error === undefined ? [] : [kv("error.type", span.error)]),
    ],
    events: [],
    status:
      span.error === undefined
        ? { code: OTLP_STATUS.unset }
        : { code: OTLP_STATUS.error, message: span.error },
  };
}

function otherSpan(span: SpanEntry, fullUrls: boolean): OtlpSpan {
  const out: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: OTLP_SPAN_KIND[span.spanKind],
    startTimeUnixNano: nanos(span.startedAt),
    endTimeUnixNano: nanos(span.startedAt + span.durationMs),
    attributes: toKeyValues(span.attributes, fullUrls),
    events: span.events.map((event) => otlpEvent(event, fullUrls)),
    status:
      span.statusMessage === undefined
        ? { code: OTLP_STATUS[span.status] }
        : { code: OTLP_STATUS[span.status], message: span.statusMessage },
  };
  if (span.parentSpanId !== undefined) out.parentSpanId = span.parentSpanId;
  return out;
}

function otlpEvent(event: WireEvent, fullUrls: boolean): OtlpSpan["events"][number] {
  return {
    timeUnixNano: nanos(event.at),
    name: event.name,
    attributes: event.attributes ? toKeyValues(event.attributes, fullUrls) : [],
  };
}

function toKeyValues(attributes: WireAttributes, fullUrls: boolean): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key] as WireAttributeValue;
    const kept = fullUrls ? value : privateAttributeValue(key, value);
    if (kept !== undefined) out.push(kv(key, kept));
  }
  return out;
}

function kv(key: string, value: WireAttributeValue): OtlpKeyValue {
  return { key, value: anyValue(value) };
}

function anyValue(value: WireAttributeValue | null): OtlpAnyValue {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (value === null) return { stringValue: "" };
  return { arrayValue: { values: value.map((v) => anyValue(v)) } };
}

/** Epoch milliseconds as OTLP's uint64 nanoseconds, in a string (exact beyond 2^53). */
export function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const fraction = Math.round((ms - whole) * 1_000_000);
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString();
}

// FNV-1a, twice with different seeds, as hex: a stable id from a string (not random, so an
// export of the same session is the same file).
function derivedId(text: string, hexLength: number): string {
  let out = "";
  let seed = 0x811c9dc5;
  while (out.length < hexLength) {
    let hash = seed;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, "0");
    seed = (seed + 0x9e3779b9) >>> 0;
  }
  const id = out.slice(0, hexLength);
  return /^0+$/.test(id) ? `1${id.slice(1)}` : id;
}
