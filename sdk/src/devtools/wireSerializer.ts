import type { BreakerSnapshot, BreakerTransition } from "../core/breakerSnapshot.js";
import { HttpStatusError } from "../errors/HttpStatusError.js";
import type { FaultConfig } from "../resilience/faultInjector.js";
import type { CallEvent, CallRecord } from "../telemetry/callRecord.js";
import { REDACTED, type Redactor } from "../telemetry/redact.js";
import type { ServerSpanRecord } from "../telemetry/serverSpan.js";
import type {
  DevtoolsBreakerSettings,
  DevtoolsFunctionMetrics,
  DevtoolsHealthReport,
  DevtoolsUnattributedLog,
} from "./devtoolsHost.js";
import {
  PROTOCOL_LIMITS,
  type WireAttributes,
  type WireBreakerSnapshot,
  type WireBreakers,
  type WireBreakerTransition,
  type WireCall,
  type WireError,
  type WireEvent,
  type WireFaultConfig,
  type WireFunctionMetrics,
  type WireHealth,
  type WireHealthCheck,
  type WireMetrics,
  type WireServerSpan,
  type WireSpan,
  type WireUnattributedLog,
} from "./protocol.js";
import type { ReadableSpanLike } from "./spanProcessor.js";

// Converts what the SDK holds into protocol items, at flush time only (never on the call path).
// Every item built here passes the protocol's validator: long text is cut here already, so the
// page never pays to clone a megabyte preview the extension would cut anyway. Text that has not
// been through the lens's redactor yet (error messages, the app's own spans) goes through it here;
// call events and previews were redacted when the call recorded them (telemetry/callSpan.ts).

const ZERO_TRACE_ID = "00000000000000000000000000000000";
const ZERO_SPAN_ID = "0000000000000000";
const MAX_TEXT = PROTOCOL_LIMITS.maxTextLength;

/** A finished call as a protocol item, its error text redacted. */
export function toWireCall(record: CallRecord, seq: number, redactor: Redactor): WireCall {
  const call: WireCall = {
    type: "call",
    seq,
    name: record.name,
    functionPath: record.functionPath,
    kind: record.kind,
    transport: record.transport,
    serverAddress: record.serverAddress,
    startedAt: nonNegative(record.startedAt),
    durationMs: nonNegative(record.durationMs),
    attempts: record.attempts,
    attemptDetails: record.attemptDetails.slice(0, PROTOCOL_LIMITS.maxAttempts).map((a) => ({
      attempt: a.attempt,
      startedAt: nonNegative(a.startedAt),
      durationMs: nonNegative(a.durationMs),
      error:
        a.error === null
          ? null
          : { code: a.error.code, message: cut(redactor.text(a.error.message)) },
    })),
    events: toWireEvents(record.events),
    error: record.error === null ? null : toWireError(record.error, redactor),
    traceId: record.traceId || ZERO_TRACE_ID,
    spanId: record.spanId || ZERO_SPAN_ID,
    faultInjected: record.faultInjected,
    subscription: record.subscription,
  };
  if (record.connectMs !== undefined) call.connectMs = nonNegative(record.connectMs);
  if (record.functionMs !== undefined) {
    call.functionMs = record.functionMs === null ? null : nonNegative(record.functionMs);
  }
  if (record.afterFirstResult === true) call.afterFirstResult = true;
  if (record.recovered === true) call.recovered = true;
  if (record.argsPreview !== undefined) call.argsPreview = cut(record.argsPreview);
  if (record.resultPreview !== undefined) call.resultPreview = cut(record.resultPreview);
  if (record.serverSpans !== undefined && record.serverSpans.length > 0) {
    call.serverSpans = record.serverSpans
      .slice(0, PROTOCOL_LIMITS.maxServerSpans)
      .map((span) => toWireServerSpan(span, redactor));
  }
  return call;
}

// Server spans hold names from the app's code and counts, never contents; the redactor still
// runs over their attributes, as over every text that leaves the page.
function toWireServerSpan(span: ServerSpanRecord, redactor: Redactor): WireServerSpan {
  const wire: WireServerSpan = {
    spanId: span.spanId,
    name: span.name,
    kind: span.kind,
    startedAt: nonNegative(span.startedAt),
    durationMs: nonNegative(span.durationMs),
  };
  if (span.parentSpanId !== undefined) wire.parentSpanId = span.parentSpanId;
  if (span.attributes !== undefined) wire.attributes = toWireAttributes(span.attributes, redactor);
  if (span.error !== undefined) wire.error = span.error;
  return wire;
}

function toWireError(error: NonNullable<CallRecord["error"]>, redactor: Redactor): WireError {
  // A LensError is an Error; structured clone would keep only name and message, so copy fields.
  const httpStatus = Number.isSafeInteger(error.httpStatus) ? error.httpStatus : null;
  const out: WireError = {
    code: String(error.code),
    message: cut(redactor.errorMessage(error)),
    userMessage: cut(redactor.text(String(error.userMessage))),
    httpStatus,
    retryable: error.retryable === true,
  };
  // Only an answer the instrumented fetch rejected carries its status (statusCheck.ts); any other
  // status is the code's catalog value, which must not read as the server's.
  if (httpStatus !== null) {
    const { cause } = error;
    out.httpStatusFromServer = cause instanceof HttpStatusError && cause.status === httpStatus;
  }
  if (typeof error.requestId === "string" && error.requestId !== "")
    out.requestId = error.requestId;
  if (typeof error.appCode === "string" && error.appCode !== "") out.appCode = error.appCode;
  return out;
}

function toWireEvents(events: readonly CallEvent[]): WireEvent[] {
  const out: WireEvent[] = [];
  const n = Math.min(events.length, PROTOCOL_LIMITS.maxEvents);
  for (let i = 0; i < n; i++) {
    const event = events[i] as CallEvent;
    const wire: WireEvent = { name: event.name, at: nonNegative(event.at) };
    if (event.attributes !== undefined) wire.attributes = toWireAttributes(event.attributes);
    out.push(wire);
  }
  return out;
}

/**
 * OpenTelemetry attributes as protocol attributes: primitives and flat arrays, text cut, and with
 * a redactor, secret keys and secret values in text redacted (the cap applies first).
 */
export function toWireAttributes(
  attributes: Readonly<Record<string, unknown>>,
  redactor?: Redactor,
): WireAttributes {
  // No prototype: a "__proto__" key from app attributes stays a plain key.
  const out: WireAttributes = Object.create(null);
  const text = (v: string): string => cut(redactor ? redactor.text(v) : v);
  let kept = 0;
  for (const key in attributes) {
    if (kept >= PROTOCOL_LIMITS.maxAttributes) break;
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (redactor?.isSecretKey(key)) out[key] = REDACTED;
    else if (typeof value === "string") out[key] = text(value);
    else if (typeof value === "number" || typeof value === "boolean") out[key] = value;
    else if (Array.isArray(value)) {
      out[key] = value
        .slice(0, PROTOCOL_LIMITS.maxArrayValues)
        .map((v: unknown) =>
          typeof v === "string"
            ? text(v)
            : typeof v === "number" || typeof v === "boolean"
              ? v
              : null,
        );
    } else continue;
    kept++;
  }
  return out;
}

/** A breaker transition as a protocol item. */
export function toWireTransition(
  transition: BreakerTransition,
  seq: number,
): WireBreakerTransition {
  return {
    type: "breaker",
    seq,
    scope: transition.scope,
    from: transition.from,
    to: transition.to,
    reason: transition.reason,
    at: nonNegative(transition.at),
  };
}

/** Every breaker's state, with its settings when `settingsOf` knows them. */
export function toWireBreakers(
  snapshots: readonly BreakerSnapshot[],
  at: number,
  settingsOf: (scope: string) => DevtoolsBreakerSettings | null = () => null,
): WireBreakers {
  const breakers: WireBreakerSnapshot[] = [];
  const n = Math.min(snapshots.length, PROTOCOL_LIMITS.maxBreakers);
  for (let i = 0; i < n; i++) {
    const s = snapshots[i] as BreakerSnapshot;
    const wire: WireBreakerSnapshot = {
      scope: s.scope,
      state: s.state,
      failures: s.failures,
      calls: s.calls,
      slowCalls: s.slowCalls,
      isolated: s.isolated,
      halfOpenInFlight: s.halfOpenInFlight,
    };
    if (s.openedAt !== undefined) wire.openedAt = s.openedAt;
    if (s.nextProbeAt !== undefined) wire.nextProbeAt = s.nextProbeAt;
    const settings = settingsOf(s.scope);
    if (settings !== null) {
      wire.windowMs = settings.windowMs;
      if (settings.refuses !== undefined) wire.refuses = { ...settings.refuses };
    }
    breakers.push(wire);
  }
  return { type: "breakers", at, breakers };
}

/** A health report; with `seq` when it is a transition (history), without when it is state. */
export function toWireHealth(
  report: DevtoolsHealthReport,
  seq?: number,
  previous?: DevtoolsHealthReport,
): WireHealth {
  const health: WireHealth = {
    type: "health",
    status: String(report.status),
    at: nonNegative(report.at),
    checks: report.checks.slice(0, PROTOCOL_LIMITS.maxChecks).map((check) => {
      const wire: WireHealthCheck = {
        name: String(check.name),
        status: String(check.status),
        value: finiteOrNull(check.value),
        threshold: finiteOrNull(check.threshold),
        message: cut(typeof check.message === "string" ? check.message : ""),
      };
      if (check.details) wire.details = toWireAttributes(check.details);
      return wire;
    }),
  };
  if (seq !== undefined) health.seq = seq;
  if (previous !== undefined) health.previous = String(previous.status);
  if (typeof report.live === "boolean") health.live = report.live;
  if (typeof report.ready === "boolean") health.ready = report.ready;
  return health;
}

/** A metrics snapshot. */
export function toWireMetrics(
  functions: readonly DevtoolsFunctionMetrics[],
  at: number,
): WireMetrics {
  const out: WireFunctionMetrics[] = [];
  const n = Math.min(functions.length, PROTOCOL_LIMITS.maxFunctions);
  for (let i = 0; i < n; i++) {
    const f = functions[i] as DevtoolsFunctionMetrics;
    const count = Math.max(0, Math.floor(f.count));
    const errors = Math.min(count, Math.max(0, Math.floor(f.errors)));
    out.push({
      functionPath: f.functionPath,
      kind: f.kind,
      count,
      errors,
      errorRate: count === 0 ? 0 : errors / count,
      p50: finiteOrNull(f.p50),
      p95: finiteOrNull(f.p95),
      p99: finiteOrNull(f.p99),
      mean: finiteOrNull(f.mean),
    });
  }
  return { type: "metrics", at, functions: out };
}

/**
 * A server log line no call could be named for, as a protocol item: its text redacted through the
 * lens's redactor (again, for a host whose lines were not) and cut, its identifiers capped.
 */
export function toWireUnattributedLog(
  line: DevtoolsUnattributedLog,
  seq: number,
  redactor: Redactor,
): WireUnattributedLog {
  return {
    type: "unattributedLog",
    seq,
    at: nonNegative(line.at),
    kind:
      line.kind === "query" || line.kind === "mutation" || line.kind === "action"
        ? line.kind
        : null,
    functionPath: String(line.functionPath).slice(0, PROTOCOL_LIMITS.maxIdLength),
    level: String(line.level).slice(0, 32) || "LOG",
    text: cut(redactor.text(String(line.text))),
  };
}

/** A fault configuration: only the known fields. */
export function toWireFaultConfig(config: FaultConfig): WireFaultConfig {
  const out: WireFaultConfig = {};
  if (config.latencyMs !== undefined) out.latencyMs = config.latencyMs;
  if (config.jitterMs !== undefined) out.jitterMs = config.jitterMs;
  if (config.errorRate !== undefined) out.errorRate = config.errorRate;
  if (config.offline !== undefined) out.offline = config.offline;
  if (config.functions !== undefined) out.functions = config.functions;
  if (config.error !== undefined) out.error = config.error;
  return out;
}

const SPAN_KINDS = ["internal", "server", "client", "producer", "consumer"] as const;
const SPAN_STATUSES = ["unset", "ok", "error"] as const;

/** A finished OpenTelemetry span (structurally a `ReadableSpan`) as a protocol item, redacted. */
export function toWireSpan(span: ReadableSpanLike, seq: number, redactor: Redactor): WireSpan {
  const { traceId, spanId } = span.spanContext();
  const wire: WireSpan = {
    type: "span",
    seq,
    traceId: traceId || ZERO_TRACE_ID,
    spanId: spanId || ZERO_SPAN_ID,
    name: span.name,
    spanKind: SPAN_KINDS[span.kind] ?? "internal",
    startedAt: hrTimeToMs(span.startTime),
    durationMs: nonNegative(hrTimeToMs(span.duration)),
    status: SPAN_STATUSES[span.status.code] ?? "unset",
    attributes: toWireAttributes(span.attributes, redactor),
    events: span.events.slice(0, PROTOCOL_LIMITS.maxEvents).map((event) => {
      const out: WireEvent = { name: event.name, at: hrTimeToMs(event.time) };
      if (event.attributes !== undefined) {
        out.attributes = toWireAttributes(event.attributes, redactor);
      }
      return out;
    }),
  };
  const parent = span.parentSpanContext?.spanId ?? span.parentSpanId;
  if (typeof parent === "string" && parent !== "") wire.parentSpanId = parent;
  if (typeof span.status.message === "string" && span.status.message !== "") {
    wire.statusMessage = cut(redactor.text(span.status.message));
  }
  const scope = span.instrumentationScope?.name ?? span.instrumentationLibrary?.name;
  if (typeof scope === "string" && scope !== "") wire.scope = scope;
  return wire;
}

function hrTimeToMs(time: readonly [number, number]): number {
  return nonNegative(time[0] * 1_000 + time[1] / 1_000_000);
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
