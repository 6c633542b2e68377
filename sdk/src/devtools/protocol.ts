/**
 * The DevTools protocol between the page (the SDK's bridge) and the Convex Lens extension: its
 * message types, its limits, and the one validator both sides run on what they receive.
 *
 * This file imports nothing, so the extension's bundle pulls in only this file from the SDK.
 *
 * ```
 * page ── {source:"convex-lens", v:1, session, batch:[…]} ──▶ content script ──▶ background ──▶ panel
 * page ◀── {source:"convex-lens-devtools", v:1, type:"hello"|"bye"|"command"} ── content script
 * ```
 * Each direction has its own `source` tag, so neither side mistakes its own messages (both worlds
 * of a page see every `window.postMessage`) for the other's, as Apollo Client DevTools tags its.
 * The hello goes through `window.postMessage` with a `MessagePort` transferred beside it
 * (`event.ports[0]`, not a field of the message); batches, bye and commands then use that port
 * (see bridge.ts). The messages are the same on either path, and validated the same.
 */

/** `source` of every message the page sends. */
export const PAGE_SOURCE = "convex-lens";
/** `source` of every message the extension sends to the page. */
export const DEVTOOLS_SOURCE = "convex-lens-devtools";
/** Bumped on any change a peer of the previous version would misread. */
export const PROTOCOL_VERSION = 1;

/**
 * How a page with the SDK but its bridge off marks itself: this attribute on its root element
 * (`document.documentElement`). The content script reads it when a panel opens and tells the panel,
 * which then says how to turn the bridge on. A page can set it falsely; it only changes a hint.
 */
export const BRIDGE_OFF_MARKER = Object.freeze({
  attribute: "data-convex-lens",
  value: "bridge-off",
});

/**
 * Caps the validator enforces. Everything from a page is untrusted (a hostile or buggy page can
 * post anything), so every string, list and message has a ceiling, and the validator's own work is
 * bounded by `maxMessageWeight`, whatever arrives.
 */
export const PROTOCOL_LIMITS = Object.freeze({
  /** Items in one batch; the bridge sends at most `BRIDGE_BATCH_MAX` (500). */
  maxBatchItems: 1_000,
  /** Identifiers: function paths, names, codes, scopes, keys. Longer ones invalidate the item. */
  maxIdLength: 512,
  /** Free text (messages, log lines, previews, attribute values) is cut to this many characters. */
  maxTextLength: 8_192,
  /** Events kept per call or span; more are dropped. */
  maxEvents: 200,
  /** Attempts kept per call. */
  maxAttempts: 100,
  /** Attributes kept per span or event. */
  maxAttributes: 64,
  /** Values in one array attribute. */
  maxArrayValues: 32,
  /** Checks in one health report. */
  maxChecks: 32,
  /** Breakers in one snapshot. */
  maxBreakers: 1_000,
  /** Functions in one metrics snapshot. */
  maxFunctions: 1_000,
  /** Server spans kept per call (the SDK reports at most 256: MAX_SERVER_SPANS_PER_CALL). */
  maxServerSpans: 256,
  /** Subscriptions in one snapshot; the bridge sends at most these (and says how many there were). */
  maxSubscriptions: 2_000,
  /** History events and log lines kept per subscription. */
  maxSubscriptionEvents: 20,
  /**
   * Work budget of one message: characters read plus 16 per object or array visited. A message
   * over it is dropped whole. About 4 MB of text: far above what the bridge sends (≤ 500 items).
   */
  maxMessageWeight: 4_000_000,
});

/** The three kinds of Convex function. */
export type WireFunctionKind = "query" | "mutation" | "action";
/** How the call reached Convex. */
export type WireTransport = "websocket" | "http";
/** A circuit breaker's state. */
export type WireBreakerState = "closed" | "open" | "half-open";
/** An OpenTelemetry attribute value (primitives, or a flat array of them). */
export type WireAttributeValue = string | number | boolean | (string | number | boolean | null)[];
/** Attributes, in an object with no prototype (so no key can reach `Object.prototype`). */
export type WireAttributes = Record<string, WireAttributeValue>;

/** A span event or call event: a retry, a breaker transition, a server log line (`convex.log`). */
export interface WireEvent {
  name: string;
  /** Epoch milliseconds. */
  at: number;
  attributes?: WireAttributes;
}

/** A failed call's typed error, as the SDK classified it. */
export interface WireError {
  code: string;
  /** The developer message. */
  message: string;
  /** Calm text for end users. */
  userMessage: string;
  httpStatus: number | null;
  retryable: boolean;
  requestId?: string;
  /** The app's own `ConvexError` code. */
  appCode?: string;
}

/** One attempt of a call that made several. */
export interface WireAttempt {
  attempt: number;
  startedAt: number;
  durationMs: number;
  error: { code: string; message: string } | null;
}

/** One finished logical call (a `CallRecord` of the SDK). */
export interface WireCall {
  type: "call";
  /** Position in the page's event history; used to resume and to drop duplicates. */
  seq: number;
  name: string;
  functionPath: string;
  kind: WireFunctionKind;
  transport: WireTransport;
  serverAddress: string;
  startedAt: number;
  durationMs: number;
  attempts: number;
  attemptDetails: WireAttempt[];
  events: WireEvent[];
  error: WireError | null;
  traceId: string;
  spanId: string;
  faultInjected: boolean;
  subscription: boolean;
  /**
   * Of `durationMs`, ms spent waiting for the WebSocket (a cold connect, a reconnect), kept apart
   * from the function's own latency. Optional: pages from older SDKs leave it (and the fields
   * below) out.
   */
  connectMs?: number;
  /** The function's own latency in ms; null when nothing timed it. */
  functionMs?: number | null;
  /** A subscription's failure after its first result (or its recovery), not its first result. */
  afterFirstResult?: boolean;
  /** Failed at least once, and a retry or a breaker probe masked it. */
  recovered?: boolean;
  argsPreview?: string;
  resultPreview?: string;
  /**
   * Spans the function reported about its own execution (`traced()` on the server, for functions
   * marked `propagate: true`), on the page's clock. Optional: older SDKs leave it out.
   */
  serverSpans?: WireServerSpan[];
}

/** One span of a traced Convex function's execution: the function, a database read, a runQuery. */
export interface WireServerSpan {
  /** The server's span id. */
  spanId: string;
  /** The server's parent span id; absent on an execution span, which sits under the call. */
  parentSpanId?: string;
  name: string;
  kind: "server" | "client" | "producer" | "internal";
  startedAt: number;
  durationMs: number;
  attributes?: WireAttributes;
  /** The error's class name when the span failed. */
  error?: string;
}

/** A finished OpenTelemetry span of the page that is not a Convex call (fetches, app spans). */
export interface WireSpan {
  type: "span";
  seq: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  spanKind: "internal" | "server" | "client" | "producer" | "consumer";
  startedAt: number;
  durationMs: number;
  status: "unset" | "ok" | "error";
  statusMessage?: string;
  /** The instrumentation scope (library) that made the span. */
  scope?: string;
  attributes: WireAttributes;
  events: WireEvent[];
}

/** A breaker changed state. */
export interface WireBreakerTransition {
  type: "breaker";
  seq: number;
  scope: string;
  from: WireBreakerState;
  to: WireBreakerState;
  reason: string;
  at: number;
}

/** One breaker as `lens.breakers()` shows it. */
export interface WireBreakerSnapshot {
  scope: string;
  state: WireBreakerState;
  failures: number;
  calls: number;
  slowCalls: number;
  openedAt?: number;
  nextProbeAt?: number;
  isolated: boolean;
  halfOpenInFlight: number;
}

/** Every breaker's state at one moment. State, not history: it carries no `seq`. */
export interface WireBreakers {
  type: "breakers";
  at: number;
  breakers: WireBreakerSnapshot[];
}

/** One check of a health report. */
export interface WireHealthCheck {
  name: string;
  status: string;
  value: number | null;
  threshold: number | null;
  message: string;
}

/** A health report: on every health transition (with `seq`), and as state on connect (without). */
export interface WireHealth {
  type: "health";
  seq?: number;
  status: string;
  at: number;
  checks: WireHealthCheck[];
  live?: boolean;
  ready?: boolean;
  /** The status before this transition. */
  previous?: string;
}

/** Per-function figures of one metrics snapshot. */
export interface WireFunctionMetrics {
  functionPath: string;
  kind: WireFunctionKind;
  count: number;
  errors: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

/** The SDK's metrics (from its sketches), throttled. State: no `seq`. */
export interface WireMetrics {
  type: "metrics";
  at: number;
  functions: WireFunctionMetrics[];
}

/** The browser's online state and the client's WebSocket state. */
export interface WireConnection {
  type: "connection";
  seq?: number;
  at: number;
  online: boolean;
  connected: boolean;
}

/** The SDK's client-side fault injection, as `lens.faults.get()` returns it. */
export interface WireFaultConfig {
  latencyMs?: number;
  jitterMs?: number;
  errorRate?: number;
  offline?: boolean;
  functions?: string;
  error?: "overloaded" | "network" | "timeout" | "bug";
}

/** The current fault configuration. */
export interface WireFaults {
  type: "faults";
  seq?: number;
  at: number;
  config: WireFaultConfig;
}

/** Who the page is: first item after each hello, and announced once when the bridge starts. */
export interface WireSession {
  type: "session";
  sessionId: string;
  startedAt: number;
  url: string;
  sdkVersion: string;
  /** Whether the page obeys commands (development build, or `allowCommands`). */
  commandsAllowed: boolean;
  bufferSize: number;
  /** Events overwritten in the page's ring buffer before any panel saw them. */
  dropped: number;
  /** True on the bridge's start-up announcement, which an open panel answers with hello. */
  announce?: boolean;
}

/**
 * A server log line no call could be named for (the SDK's `lens.unattributedLogs()`): the panel
 * lists it apart rather than under a guessed call. Added after v1 shipped: an older extension
 * drops the unknown type, an older page never sends it.
 */
export interface WireUnattributedLog {
  type: "unattributedLog";
  seq: number;
  at: number;
  /** As the client's prefix named it; null when it named none. */
  kind: WireFunctionKind | null;
  functionPath: string;
  level: string;
  text: string;
}

/** One moment of a subscription's life (its first result, an update, a failure, a recovery). */
export interface WireSubscriptionEvent {
  at: number;
  event: "firstResult" | "update" | "failure" | "recovery";
  /** A failure's error code. */
  code?: string;
}

/**
 * One live subscription of the page (the SDK's `lens.subscriptions()`), as the Subscriptions view
 * lists it. `paused`: it has a result but the socket is down or offline is simulated.
 */
export interface WireSubscription {
  /** Stable while the subscription lives, unique in the session. */
  id: string;
  functionPath: string;
  /** Redacted preview; absent when the page does not capture args. */
  args?: string;
  state: "loading" | "live" | "error" | "paused";
  subscribedAt: number;
  /** The first result's time split as a call's: waiting for the socket, and the function. */
  firstResult?: { at: number; connectMs: number; functionMs: number };
  listeners: number;
  /** Results after the first. */
  updates: number;
  lastUpdateAt?: number;
  /** The failure the page sees or that is hidden behind its last result. */
  error?: { code: string; message: string };
  /** Redacted preview of the current result; absent when the page does not capture results. */
  result?: string;
  /** Recent server log lines, redacted, newest last. */
  logs: string[];
  /** For one page of a paginated query. */
  page?: { numItems: number; first: boolean };
  history: WireSubscriptionEvent[];
}

/**
 * The page's live subscriptions, whole, sent when they change (at most once a second). Added
 * after v1 shipped: an older extension drops the unknown type, an older page never sends it.
 */
export interface WireSubscriptions {
  type: "subscriptions";
  at: number;
  /** How many the page has; more than `subscriptions.length` when the snapshot was capped. */
  total: number;
  subscriptions: WireSubscription[];
}

/** The answer to one command. */
export interface WireCommandResult {
  type: "result";
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
}

/** Anything a page batch may carry. */
export type WireItem =
  | WireCall
  | WireSpan
  | WireBreakerTransition
  | WireBreakers
  | WireHealth
  | WireMetrics
  | WireConnection
  | WireFaults
  | WireSession
  | WireUnattributedLog
  | WireSubscriptions
  | WireCommandResult;

/** Page → extension. */
export interface PageMessage {
  source: typeof PAGE_SOURCE;
  v: typeof PROTOCOL_VERSION;
  /** Changes on every page load; `seq` numbers are per session. */
  session: string;
  batch: WireItem[];
}

/** A command the panel sends; the page obeys it only when commands are allowed. */
export type DevtoolsCommand =
  | { name: "clear" }
  | { name: "setFaults"; faults: WireFaultConfig }
  | { name: "clearFaults" }
  | { name: "isolateBreaker"; scope: string }
  | { name: "resetBreaker"; scope: string }
  | { name: "setOffline"; offline: boolean };

/**
 * Extension → page: a panel is open (wake up and send what is newer than `since`). Posted to the
 * window with the private port transferred; without a port the page keeps to the window.
 */
export interface HelloMessage {
  source: typeof DEVTOOLS_SOURCE;
  v: typeof PROTOCOL_VERSION;
  type: "hello";
  /** The session the extension already holds events of, and the last `seq` it holds. */
  session?: string;
  since?: number;
}

/** Extension → page: the last panel closed (go dormant). */
export interface ByeMessage {
  source: typeof DEVTOOLS_SOURCE;
  v: typeof PROTOCOL_VERSION;
  type: "bye";
}

/** Extension → page: run a command and answer with a `result` item. */
export interface CommandMessage {
  source: typeof DEVTOOLS_SOURCE;
  v: typeof PROTOCOL_VERSION;
  type: "command";
  id: string;
  command: DevtoolsCommand;
}

/** Extension → page. */
export type DevtoolsMessage = HelloMessage | ByeMessage | CommandMessage;

/** Every message of the protocol. */
export type ProtocolMessage = PageMessage | DevtoolsMessage;

/** What {@link validateMessage} returns: a clean copy, or why the message was refused. */
export type ValidationResult =
  | {
      ok: true;
      message: ProtocolMessage;
      /** Batch items that were malformed and left out. */
      droppedItems: number;
      /** Work the message cost, in the units of `maxMessageWeight`: a size estimate for caps. */
      weight: number;
    }
  | { ok: false; reason: string };

/** Tells a page message from an extension message after validation. */
export function isPageMessage(message: ProtocolMessage): message is PageMessage {
  return message.source === PAGE_SOURCE;
}

/**
 * The quick test the content script and the bridge run on every `message` event before anything
 * else: is this ours at all? Pages post plenty of unrelated messages.
 */
export function hasProtocolTag(data: unknown, source: string): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    own(data, "source") === source &&
    own(data, "v") === PROTOCOL_VERSION
  );
}

/**
 * Validates any protocol message and returns a clean copy built only from known fields, so
 * prototype keys (`__proto__`, `constructor`), getters' side effects on unknown fields and
 * unexpected extra data never pass. Over-long free text is cut; a malformed batch item is left
 * out (counted in `droppedItems`); a malformed envelope, or a message over the work budget, is
 * refused whole. Never throws.
 */
export function validateMessage(raw: unknown): ValidationResult {
  return validateEnvelope(raw, readPageMessage);
}

/**
 * The same validation for messages from the extension only (hello, bye, commands). The page's
 * bridge uses this one, so its bundle does not carry the readers of page messages it never
 * receives — most of this file.
 */
export function validateDevtoolsMessage(raw: unknown): ValidationResult {
  return validateEnvelope(raw, null);
}

function validateEnvelope(
  raw: unknown,
  readPage: ((reader: Reader, envelope: object) => ValidationResult) | null,
): ValidationResult {
  const reader = new Reader(PROTOCOL_LIMITS.maxMessageWeight);
  try {
    const envelope = reader.record(raw);
    if (envelope === null) return { ok: false, reason: "not an object" };
    if (own(envelope, "v") !== PROTOCOL_VERSION) return { ok: false, reason: "unknown version" };
    const source = own(envelope, "source");
    if (source === PAGE_SOURCE && readPage) return readPage(reader, envelope);
    if (source === DEVTOOLS_SOURCE) return readDevtoolsMessage(reader, envelope);
    return { ok: false, reason: "unknown source" };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason };
    // A getter or proxy on a same-realm object threw: refuse rather than propagate.
    return { ok: false, reason: "unreadable message" };
  }
}

function readPageMessage(reader: Reader, envelope: object): ValidationResult {
  const session = reader.id(own(envelope, "session"));
  if (session === null) return { ok: false, reason: "missing session" };
  const items = own(envelope, "batch");
  if (!Array.isArray(items)) return { ok: false, reason: "batch is not an array" };
  if (items.length > PROTOCOL_LIMITS.maxBatchItems) return { ok: false, reason: "batch too long" };
  const batch: WireItem[] = [];
  let droppedItems = 0;
  for (let i = 0; i < items.length; i++) {
    const item = readItem(reader, items[i]);
    if (item === null) droppedItems++;
    else batch.push(item);
  }
  return {
    ok: true,
    message: { source: PAGE_SOURCE, v: PROTOCOL_VERSION, session, batch },
    droppedItems,
    weight: reader.used,
  };
}

function readDevtoolsMessage(reader: Reader, envelope: object): ValidationResult {
  const base = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION } as const;
  switch (own(envelope, "type")) {
    case "hello": {
      const message: HelloMessage = { ...base, type: "hello" };
      const session = reader.id(own(envelope, "session"));
      const since = reader.count(own(envelope, "since"));
      if (session !== null) message.session = session;
      if (since !== null) message.since = since;
      return { ok: true, message, droppedItems: 0, weight: 0 };
    }
    case "bye":
      return { ok: true, message: { ...base, type: "bye" }, droppedItems: 0, weight: 0 };
    case "command": {
      const id = reader.id(own(envelope, "id"));
      const command = readCommand(reader, own(envelope, "command"));
      if (id === null || command === null) return { ok: false, reason: "malformed command" };
      return {
        ok: true,
        message: { ...base, type: "command", id, command },
        droppedItems: 0,
        weight: 0,
      };
    }
    default:
      return { ok: false, reason: "unknown message type" };
  }
}

function readCommand(reader: Reader, raw: unknown): DevtoolsCommand | null {
  const command = reader.record(raw);
  if (command === null) return null;
  switch (own(command, "name")) {
    case "clear":
      return { name: "clear" };
    case "clearFaults":
      return { name: "clearFaults" };
    case "setFaults": {
      const faults = readFaultConfig(reader, own(command, "faults"));
      return faults === null ? null : { name: "setFaults", faults };
    }
    case "isolateBreaker":
    case "resetBreaker": {
      const scope = reader.id(own(command, "scope"));
      return scope === null ? null : { name: own(command, "name") as "isolateBreaker", scope };
    }
    case "setOffline": {
      const offline = own(command, "offline");
      return typeof offline === "boolean" ? { name: "setOffline", offline } : null;
    }
    default:
      return null;
  }
}

function readItem(reader: Reader, raw: unknown): WireItem | null {
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
  return {
    name,
    status,
    value: reader.number(own(check, "value")),
    threshold: reader.number(own(check, "threshold")),
    message: reader.text(own(check, "message")) ?? "",
  };
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

function readFaultConfig(reader: Reader, raw: unknown): WireFaultConfig | null {
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

/** Thrown inside the validator to refuse a whole message; never escapes {@link validateMessage}. */
class Refusal {
  constructor(readonly reason: string) {}
}

// Keys that could reach or shadow Object.prototype if a consumer ever copied them naively.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const NODE_WEIGHT = 16;

/** Reads untrusted values field by field, charging every read to one budget. */
class Reader {
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

// Reads only own properties: an inherited (possibly polluted) value must never count as data.
function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
