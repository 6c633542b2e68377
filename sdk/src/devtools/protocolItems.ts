import { own, type Reader } from "./protocolReader.js";
import {
  PROTOCOL_LIMITS,
  type WireAttempt,
  type WireBreakerSnapshot,
  type WireBreakerState,
  type WireBreakers,
  type WireBreakerTransition,
  type WireCall,
  type WireCommandResult,
  type WireConnection,
  type WireError,
  type WireEvent,
  type WireFaultConfig,
  type WireFaults,
  type WireFunctionKind,
  type WireFunctionMetrics,
  type WireHealth,
  type WireHealthCheck,
  type WireInflightCall,
  type WireInflightCalls,
  type WireInflightWait,
  type WireItem,
  type WireMetrics,
  type WirePausedBy,
  type WireServerSpan,
  type WireSession,
  type WireSpan,
  type WireSubscription,
  type WireSubscriptionEvent,
  type WireSubscriptions,
  type WireTransport,
  type WireUnattributedLog,
} from "./protocolTypes.js";

/*
 * The readers of each item a page batch may carry. Each builds a clean copy from known fields
 * only; a required field that is missing or malformed drops the item (null), an optional one is
 * left out.
 */

/**
 * One batch item read into a clean copy, or null when it is malformed or of a type this version
 * does not know (a newer page's): the validator leaves it out of the batch and counts it.
 */
export function readItem(reader: Reader, raw: unknown): WireItem | null {
  const item = reader.record(raw);
  if (item === null) return null;
  switch (own(item, "type")) {
    case "call":
      return readCall(reader, item);
    case "span":
      return readSpan(reader, item);
    case "breaker":
      return readBreakerTransition(reader, item);
    case "breakers":
      return readBreakers(reader, item);
    case "health":
      return readHealth(reader, item);
    case "metrics":
      return readMetrics(reader, item);
    case "connection":
      return readConnection(reader, item);
    case "faults":
      return readFaults(reader, item);
    case "session":
      return readSession(reader, item);
    case "result":
      return readResult(reader, item);
    case "unattributedLog":
      return readUnattributedLog(reader, item);
    case "subscriptions":
      return readSubscriptions(reader, item);
    case "inflight":
      return readInflightCalls(reader, item);
    default:
      return null;
  }
}

const KINDS: ReadonlySet<string> = new Set(["query", "mutation", "action"]);
const TRANSPORTS: ReadonlySet<string> = new Set(["websocket", "http"]);
const BREAKER_STATES: ReadonlySet<string> = new Set(["closed", "open", "half-open"]);
const SPAN_KINDS: ReadonlySet<string> = new Set([
  "internal",
  "server",
  "client",
  "producer",
  "consumer",
]);
const SPAN_STATUSES: ReadonlySet<string> = new Set(["unset", "ok", "error"]);
const FAULT_ERRORS: ReadonlySet<string> = new Set(["overloaded", "network", "timeout", "bug"]);

function readCall(reader: Reader, item: object): WireCall | null {
  const seq = reader.count(own(item, "seq"));
  const name = reader.id(own(item, "name"));
  const functionPath = reader.id(own(item, "functionPath"));
  const kind = reader.oneOf(own(item, "kind"), KINDS) as WireFunctionKind | null;
  const transport = reader.oneOf(own(item, "transport"), TRANSPORTS) as WireTransport | null;
  const serverAddress = reader.short(own(item, "serverAddress"));
  const startedAt = reader.time(own(item, "startedAt"));
  const durationMs = reader.duration(own(item, "durationMs"));
  const attempts = reader.count(own(item, "attempts"));
  const traceId = reader.short(own(item, "traceId"));
  const spanId = reader.short(own(item, "spanId"));
  const faultInjected = own(item, "faultInjected");
  const subscription = own(item, "subscription");
  if (
    seq === null ||
    name === null ||
    functionPath === null ||
    kind === null ||
    transport === null ||
    serverAddress === null ||
    startedAt === null ||
    durationMs === null ||
    attempts === null ||
    traceId === null ||
    spanId === null ||
    typeof faultInjected !== "boolean" ||
    typeof subscription !== "boolean"
  ) {
    return null;
  }
  const rawError = own(item, "error");
  let error: WireError | null = null;
  if (rawError !== null) {
    error = readError(reader, rawError);
    if (error === null) return null;
  }
  const call: WireCall = {
    type: "call",
    seq,
    name,
    functionPath,
    kind,
    transport,
    serverAddress,
    startedAt,
    durationMs,
    attempts,
    attemptDetails: reader.list(
      own(item, "attemptDetails"),
      PROTOCOL_LIMITS.maxAttempts,
      readAttempt,
    ),
    events: reader.list(own(item, "events"), PROTOCOL_LIMITS.maxEvents, readEvent),
    error,
    traceId,
    spanId,
    faultInjected,
    subscription,
  };
  // Optional timing and outcome fields: absent or malformed, they are left out, never fatal.
  const connectMs = reader.duration(own(item, "connectMs"));
  if (connectMs !== null) call.connectMs = connectMs;
  const rawFunctionMs = own(item, "functionMs");
  const functionMs = rawFunctionMs === null ? null : reader.duration(rawFunctionMs);
  if (rawFunctionMs === null || functionMs !== null) call.functionMs = functionMs;
  if (own(item, "afterFirstResult") === true) call.afterFirstResult = true;
  if (own(item, "recovered") === true) call.recovered = true;
  const argsPreview = reader.text(own(item, "argsPreview"));
  const resultPreview = reader.text(own(item, "resultPreview"));
  if (argsPreview !== null) call.argsPreview = argsPreview;
  if (resultPreview !== null) call.resultPreview = resultPreview;
  const rawServerSpans = own(item, "serverSpans");
  if (rawServerSpans !== undefined) {
    const serverSpans = reader.list(rawServerSpans, PROTOCOL_LIMITS.maxServerSpans, readServerSpan);
    if (serverSpans.length > 0) call.serverSpans = serverSpans;
  }
  return call;
}

const SERVER_SPAN_KINDS: ReadonlySet<string> = new Set([
  "server",
  "client",
  "producer",
  "internal",
]);

function readServerSpan(reader: Reader, raw: unknown): WireServerSpan | null {
  const span = reader.record(raw);
  if (span === null) return null;
  const spanId = reader.id(own(span, "spanId"));
  const name = reader.id(own(span, "name"));
  const kind = reader.oneOf(own(span, "kind"), SERVER_SPAN_KINDS) as WireServerSpan["kind"] | null;
  const startedAt = reader.time(own(span, "startedAt"));
  const durationMs = reader.duration(own(span, "durationMs"));
  if (spanId === null || name === null || kind === null || startedAt === null) return null;
  if (durationMs === null) return null;
  const out: WireServerSpan = { spanId, name, kind, startedAt, durationMs };
  const parentSpanId = reader.id(own(span, "parentSpanId"));
  if (parentSpanId !== null) out.parentSpanId = parentSpanId;
  const attributes = own(span, "attributes");
  if (attributes !== undefined) out.attributes = reader.attributes(attributes);
  const error = reader.id(own(span, "error"));
  if (error !== null) out.error = error;
  return out;
}

function readError(reader: Reader, raw: unknown): WireError | null {
  const error = reader.record(raw);
  if (error === null) return null;
  const code = reader.id(own(error, "code"));
  const message = reader.text(own(error, "message"));
  const userMessage = reader.text(own(error, "userMessage"));
  const retryable = own(error, "retryable");
  const rawStatus = own(error, "httpStatus");
  const httpStatus = rawStatus === null ? null : reader.count(rawStatus);
  if (code === null || message === null || userMessage === null || typeof retryable !== "boolean") {
    return null;
  }
  if (rawStatus !== null && httpStatus === null) return null;
  const out: WireError = { code, message, userMessage, httpStatus, retryable };
  const fromServer = own(error, "httpStatusFromServer");
  if (typeof fromServer === "boolean" && httpStatus !== null) out.httpStatusFromServer = fromServer;
  const requestId = reader.id(own(error, "requestId"));
  const appCode = reader.id(own(error, "appCode"));
  if (requestId !== null) out.requestId = requestId;
  if (appCode !== null) out.appCode = appCode;
  return out;
}

function readAttempt(reader: Reader, raw: unknown): WireAttempt | null {
  const attempt = reader.record(raw);
  if (attempt === null) return null;
  const n = reader.count(own(attempt, "attempt"));
  const startedAt = reader.time(own(attempt, "startedAt"));
  const durationMs = reader.duration(own(attempt, "durationMs"));
  if (n === null || startedAt === null || durationMs === null) return null;
  const rawError = own(attempt, "error");
  let error: WireAttempt["error"] = null;
  if (rawError !== null) {
    const record = reader.record(rawError);
    const code = record === null ? null : reader.id(own(record, "code"));
    const message = record === null ? null : reader.text(own(record, "message"));
    if (code === null || message === null) return null;
    error = { code, message };
  }
  return { attempt: n, startedAt, durationMs, error };
}

function readEvent(reader: Reader, raw: unknown): WireEvent | null {
  const event = reader.record(raw);
  if (event === null) return null;
  const name = reader.id(own(event, "name"));
  const at = reader.time(own(event, "at"));
  if (name === null || at === null) return null;
  const out: WireEvent = { name, at };
  const attributes = own(event, "attributes");
  if (attributes !== undefined) out.attributes = reader.attributes(attributes);
  return out;
}

function readSpan(reader: Reader, item: object): WireSpan | null {
  const seq = reader.count(own(item, "seq"));
  const traceId = reader.id(own(item, "traceId"));
  const spanId = reader.id(own(item, "spanId"));
  const name = reader.id(own(item, "name"));
  const spanKind = reader.oneOf(own(item, "spanKind"), SPAN_KINDS) as WireSpan["spanKind"] | null;
  const startedAt = reader.time(own(item, "startedAt"));
  const durationMs = reader.duration(own(item, "durationMs"));
  const status = reader.oneOf(own(item, "status"), SPAN_STATUSES) as WireSpan["status"] | null;
  if (
    seq === null ||
    traceId === null ||
    spanId === null ||
    name === null ||
    spanKind === null ||
    startedAt === null ||
    durationMs === null ||
    status === null
  ) {
    return null;
  }
  const span: WireSpan = {
    type: "span",
    seq,
    traceId,
    spanId,
    name,
    spanKind,
    startedAt,
    durationMs,
    status,
    attributes: reader.attributes(own(item, "attributes")),
    events: reader.list(own(item, "events"), PROTOCOL_LIMITS.maxEvents, readEvent),
  };
  const parentSpanId = reader.id(own(item, "parentSpanId"));
  const statusMessage = reader.text(own(item, "statusMessage"));
  const scope = reader.id(own(item, "scope"));
  if (parentSpanId !== null) span.parentSpanId = parentSpanId;
  if (statusMessage !== null) span.statusMessage = statusMessage;
  if (scope !== null) span.scope = scope;
  return span;
}

function readBreakerTransition(reader: Reader, item: object): WireBreakerTransition | null {
  const seq = reader.count(own(item, "seq"));
  const scope = reader.id(own(item, "scope"));
  const from = reader.oneOf(own(item, "from"), BREAKER_STATES) as WireBreakerState | null;
  const to = reader.oneOf(own(item, "to"), BREAKER_STATES) as WireBreakerState | null;
  const reason = reader.id(own(item, "reason"));
  const at = reader.time(own(item, "at"));
  if (seq === null || scope === null || from === null || to === null || reason === null)
    return null;
  if (at === null) return null;
  return { type: "breaker", seq, scope, from, to, reason, at };
}

function readBreakerSnapshot(reader: Reader, raw: unknown): WireBreakerSnapshot | null {
  const breaker = reader.record(raw);
  if (breaker === null) return null;
  const scope = reader.id(own(breaker, "scope"));
  const state = reader.oneOf(own(breaker, "state"), BREAKER_STATES) as WireBreakerState | null;
  const failures = reader.count(own(breaker, "failures"));
  const calls = reader.count(own(breaker, "calls"));
  const slowCalls = reader.count(own(breaker, "slowCalls"));
  const isolated = own(breaker, "isolated");
  const halfOpenInFlight = reader.count(own(breaker, "halfOpenInFlight"));
  if (
    scope === null ||
    state === null ||
    failures === null ||
    calls === null ||
    slowCalls === null ||
    typeof isolated !== "boolean" ||
    halfOpenInFlight === null
  ) {
    return null;
  }
  const out: WireBreakerSnapshot = {
    scope,
    state,
    failures,
    calls,
    slowCalls,
    isolated,
    halfOpenInFlight,
  };
  const openedAt = reader.time(own(breaker, "openedAt"));
  const nextProbeAt = reader.time(own(breaker, "nextProbeAt"));
  if (openedAt !== null) out.openedAt = openedAt;
  if (nextProbeAt !== null) out.nextProbeAt = nextProbeAt;
  const windowMs = reader.duration(own(breaker, "windowMs"));
  if (windowMs !== null && windowMs > 0) out.windowMs = windowMs;
  const refuses = reader.record(own(breaker, "refuses"));
  if (refuses !== null) {
    const query = own(refuses, "query");
    const mutation = own(refuses, "mutation");
    const action = own(refuses, "action");
    if (typeof query === "boolean" && typeof mutation === "boolean" && typeof action === "boolean")
      out.refuses = { query, mutation, action };
  }
  return out;
}

function readBreakers(reader: Reader, item: object): WireBreakers | null {
  const at = reader.time(own(item, "at"));
  if (at === null || !Array.isArray(own(item, "breakers"))) return null;
  const breakers = reader.list(
    own(item, "breakers"),
    PROTOCOL_LIMITS.maxBreakers,
    readBreakerSnapshot,
  );
  return { type: "breakers", at, breakers };
}

function readHealthCheck(reader: Reader, raw: unknown): WireHealthCheck | null {
  const check = reader.record(raw);
  if (check === null) return null;
  const name = reader.id(own(check, "name"));
  const status = reader.id(own(check, "status"));
  if (name === null || status === null) return null;
  const out: WireHealthCheck = {
    name,
    status,
    value: reader.number(own(check, "value")),
    threshold: reader.number(own(check, "threshold")),
    message: reader.text(own(check, "message")) ?? "",
  };
  const details = own(check, "details");
  if (details !== undefined) out.details = reader.attributes(details);
  return out;
}

function readHealth(reader: Reader, item: object): WireHealth | null {
  const status = reader.id(own(item, "status"));
  const at = reader.time(own(item, "at"));
  if (status === null || at === null) return null;
  const health: WireHealth = {
    type: "health",
    status,
    at,
    checks: reader.list(own(item, "checks"), PROTOCOL_LIMITS.maxChecks, readHealthCheck),
  };
  const seq = reader.count(own(item, "seq"));
  const previous = reader.id(own(item, "previous"));
  const live = own(item, "live");
  const ready = own(item, "ready");
  if (seq !== null) health.seq = seq;
  if (previous !== null) health.previous = previous;
  if (typeof live === "boolean") health.live = live;
  if (typeof ready === "boolean") health.ready = ready;
  return health;
}

function readFunctionMetrics(reader: Reader, raw: unknown): WireFunctionMetrics | null {
  const fn = reader.record(raw);
  if (fn === null) return null;
  const functionPath = reader.id(own(fn, "functionPath"));
  const kind = reader.oneOf(own(fn, "kind"), KINDS) as WireFunctionKind | null;
  const count = reader.count(own(fn, "count"));
  const errors = reader.count(own(fn, "errors"));
  const errorRate = reader.number(own(fn, "errorRate"));
  if (functionPath === null || kind === null || count === null || errors === null) return null;
  if (errorRate === null || errorRate < 0 || errorRate > 1) return null;
  return {
    functionPath,
    kind,
    count,
    errors,
    errorRate,
    p50: reader.number(own(fn, "p50")),
    p95: reader.number(own(fn, "p95")),
    p99: reader.number(own(fn, "p99")),
    mean: reader.number(own(fn, "mean")),
  };
}

function readMetrics(reader: Reader, item: object): WireMetrics | null {
  const at = reader.time(own(item, "at"));
  if (at === null || !Array.isArray(own(item, "functions"))) return null;
  const functions = reader.list(
    own(item, "functions"),
    PROTOCOL_LIMITS.maxFunctions,
    readFunctionMetrics,
  );
  return { type: "metrics", at, functions };
}

function readConnection(reader: Reader, item: object): WireConnection | null {
  const at = reader.time(own(item, "at"));
  const online = own(item, "online");
  const connected = own(item, "connected");
  if (at === null || typeof online !== "boolean" || typeof connected !== "boolean") return null;
  const out: WireConnection = { type: "connection", at, online, connected };
  const seq = reader.count(own(item, "seq"));
  if (seq !== null) out.seq = seq;
  return out;
}

/**
 * A fault configuration, or null when any field present is malformed: it arrives inside a `faults`
 * item and inside the panel's `setFaults` command, and either is refused whole, never half-applied.
 */
export function readFaultConfig(reader: Reader, raw: unknown): WireFaultConfig | null {
  const config = reader.record(raw);
  if (config === null) return null;
  const out: WireFaultConfig = {};
  const latencyMs = own(config, "latencyMs");
  const jitterMs = own(config, "jitterMs");
  const errorRate = own(config, "errorRate");
  const offline = own(config, "offline");
  const functions = own(config, "functions");
  const error = own(config, "error");
  if (latencyMs !== undefined) {
    const value = reader.duration(latencyMs);
    if (value === null) return null;
    out.latencyMs = value;
  }
  if (jitterMs !== undefined) {
    const value = reader.duration(jitterMs);
    if (value === null) return null;
    out.jitterMs = value;
  }
  if (errorRate !== undefined) {
    if (typeof errorRate !== "number" || !(errorRate >= 0 && errorRate <= 1)) return null;
    out.errorRate = errorRate;
  }
  if (offline !== undefined) {
    if (typeof offline !== "boolean") return null;
    out.offline = offline;
  }
  if (functions !== undefined) {
    const value = reader.id(functions);
    if (value === null) return null;
    out.functions = value;
  }
  if (error !== undefined) {
    const value = reader.oneOf(error, FAULT_ERRORS) as WireFaultConfig["error"] | null;
    if (value === null) return null;
    out.error = value;
  }
  return out;
}

function readFaults(reader: Reader, item: object): WireFaults | null {
  const at = reader.time(own(item, "at"));
  const config = readFaultConfig(reader, own(item, "config"));
  if (at === null || config === null) return null;
  const out: WireFaults = { type: "faults", at, config };
  const seq = reader.count(own(item, "seq"));
  if (seq !== null) out.seq = seq;
  return out;
}

function readSession(reader: Reader, item: object): WireSession | null {
  const sessionId = reader.id(own(item, "sessionId"));
  const startedAt = reader.time(own(item, "startedAt"));
  const url = reader.text(own(item, "url"));
  const sdkVersion = reader.id(own(item, "sdkVersion"));
  const commandsAllowed = own(item, "commandsAllowed");
  const bufferSize = reader.count(own(item, "bufferSize"));
  const dropped = reader.count(own(item, "dropped"));
  if (
    sessionId === null ||
    startedAt === null ||
    url === null ||
    sdkVersion === null ||
    typeof commandsAllowed !== "boolean" ||
    bufferSize === null ||
    dropped === null
  ) {
    return null;
  }
  const session: WireSession = {
    type: "session",
    sessionId,
    startedAt,
    url,
    sdkVersion,
    commandsAllowed,
    bufferSize,
    dropped,
  };
  if (own(item, "announce") === true) session.announce = true;
  return session;
}

function readUnattributedLog(reader: Reader, item: object): WireUnattributedLog | null {
  const seq = reader.count(own(item, "seq"));
  const at = reader.time(own(item, "at"));
  const rawKind = own(item, "kind");
  const kind = rawKind === null ? null : (reader.oneOf(rawKind, KINDS) as WireFunctionKind | null);
  const functionPath = reader.short(own(item, "functionPath"));
  const level = reader.id(own(item, "level"));
  const text = reader.text(own(item, "text"));
  if (
    seq === null ||
    at === null ||
    (kind === null && rawKind !== null) ||
    functionPath === null ||
    level === null ||
    text === null
  ) {
    return null;
  }
  return { type: "unattributedLog", seq, at, kind, functionPath, level, text };
}

const SUBSCRIPTION_STATES: ReadonlySet<string> = new Set(["loading", "live", "error", "paused"]);
const PAUSED_BY: ReadonlySet<string> = new Set(["offline", "disconnected"]);
const SUBSCRIPTION_EVENTS: ReadonlySet<string> = new Set([
  "firstResult",
  "update",
  "failure",
  "recovery",
]);

function readSubscriptions(reader: Reader, item: object): WireSubscriptions | null {
  const at = reader.time(own(item, "at"));
  const total = reader.count(own(item, "total"));
  if (at === null || total === null) return null;
  const subscriptions = reader.list(
    own(item, "subscriptions"),
    PROTOCOL_LIMITS.maxSubscriptions,
    readSubscription,
  );
  return { type: "subscriptions", at, total, subscriptions };
}

// A malformed subscription is left out, never the snapshot; optional parts that fail are dropped.
function readSubscription(reader: Reader, raw: unknown): WireSubscription | null {
  const item = reader.record(raw);
  if (item === null) return null;
  const id = reader.id(own(item, "id"));
  const functionPath = reader.short(own(item, "functionPath"));
  const state = reader.oneOf(own(item, "state"), SUBSCRIPTION_STATES);
  const subscribedAt = reader.time(own(item, "subscribedAt"));
  const listeners = reader.count(own(item, "listeners"));
  const updates = reader.count(own(item, "updates"));
  if (
    id === null ||
    functionPath === null ||
    state === null ||
    subscribedAt === null ||
    listeners === null ||
    updates === null
  ) {
    return null;
  }
  const max = PROTOCOL_LIMITS.maxSubscriptionEvents;
  const out: WireSubscription = {
    id,
    functionPath,
    state: state as WireSubscription["state"],
    subscribedAt,
    listeners,
    updates,
    logs: reader.list(own(item, "logs"), max, (r, line) => r.text(line)),
    history: reader.list(own(item, "history"), max, readSubscriptionEvent),
  };
  const args = own(item, "args");
  if (args !== undefined) {
    const text = reader.text(args);
    if (text !== null) out.args = text;
  }
  const result = own(item, "result");
  if (result !== undefined) {
    const text = reader.text(result);
    if (text !== null) out.result = text;
  }
  const pausedBy = reader.oneOf(own(item, "pausedBy"), PAUSED_BY);
  if (pausedBy !== null && out.state === "paused") out.pausedBy = pausedBy as WirePausedBy;
  const lastUpdateAt = reader.time(own(item, "lastUpdateAt"));
  if (lastUpdateAt !== null) out.lastUpdateAt = lastUpdateAt;
  const first = reader.record(own(item, "firstResult"));
  if (first !== null) {
    const firstAt = reader.time(own(first, "at"));
    const connectMs = reader.duration(own(first, "connectMs"));
    const functionMs = reader.duration(own(first, "functionMs"));
    if (firstAt !== null && connectMs !== null && functionMs !== null) {
      out.firstResult = { at: firstAt, connectMs, functionMs };
    }
  }
  const error = reader.record(own(item, "error"));
  if (error !== null) {
    const code = reader.id(own(error, "code"));
    const message = reader.text(own(error, "message"));
    if (code !== null && message !== null) out.error = { code, message };
  }
  const page = reader.record(own(item, "page"));
  if (page !== null) {
    const numItems = reader.count(own(page, "numItems"));
    const isFirst = own(page, "first");
    if (numItems !== null && typeof isFirst === "boolean") out.page = { numItems, first: isFirst };
  }
  return out;
}

function readSubscriptionEvent(reader: Reader, raw: unknown): WireSubscriptionEvent | null {
  const item = reader.record(raw);
  if (item === null) return null;
  const at = reader.time(own(item, "at"));
  const event = reader.oneOf(own(item, "event"), SUBSCRIPTION_EVENTS);
  if (at === null || event === null) return null;
  const out: WireSubscriptionEvent = { at, event: event as WireSubscriptionEvent["event"] };
  const code = own(item, "code");
  if (code !== undefined) {
    const text = reader.id(code);
    if (text !== null) out.code = text;
  }
  return out;
}

const INFLIGHT_WAITS: ReadonlySet<string> = new Set([
  "server",
  "socket",
  "offline",
  "bulkhead",
  "backoff",
]);

function readInflightCalls(reader: Reader, item: object): WireInflightCalls | null {
  const at = reader.time(own(item, "at"));
  const total = reader.count(own(item, "total"));
  if (at === null || total === null) return null;
  const calls = reader.list(own(item, "calls"), PROTOCOL_LIMITS.maxInflightCalls, readInflightCall);
  return { type: "inflight", at, total, calls };
}

// A malformed call is left out, never the snapshot; a reason this version does not know is dropped.
function readInflightCall(reader: Reader, raw: unknown): WireInflightCall | null {
  const item = reader.record(raw);
  if (item === null) return null;
  const id = reader.id(own(item, "id"));
  const functionPath = reader.id(own(item, "functionPath"));
  const kind = reader.oneOf(own(item, "kind"), KINDS) as WireFunctionKind | null;
  const transport = reader.oneOf(own(item, "transport"), TRANSPORTS) as WireTransport | null;
  const startedAt = reader.time(own(item, "startedAt"));
  const attempt = reader.count(own(item, "attempt"));
  if (
    id === null ||
    functionPath === null ||
    kind === null ||
    transport === null ||
    startedAt === null ||
    attempt === null
  ) {
    return null;
  }
  const out: WireInflightCall = { id, functionPath, kind, transport, startedAt, attempt };
  const waitingFor = reader.oneOf(own(item, "waitingFor"), INFLIGHT_WAITS);
  if (waitingFor !== null) out.waitingFor = waitingFor as WireInflightWait;
  return out;
}

function readResult(reader: Reader, item: object): WireCommandResult | null {
  const id = reader.id(own(item, "id"));
  const ok = own(item, "ok");
  if (id === null || typeof ok !== "boolean") return null;
  const out: WireCommandResult = { type: "result", id, ok };
  const rawError = own(item, "error");
  if (rawError !== undefined) {
    const error = reader.record(rawError);
    const code = error === null ? null : reader.id(own(error, "code"));
    const message = error === null ? null : reader.text(own(error, "message"));
    if (code === null || message === null) return null;
    out.error = { code, message };
  }
  return out;
}
