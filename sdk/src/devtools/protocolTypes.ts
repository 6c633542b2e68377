/**
 * The DevTools protocol's vocabulary: the `source` tags, the version, the caps, and the type of
 * every message and batch item either side sends. Types and constants only, so the panel can import
 * them without pulling in the validator. The protocol's shape is described in protocol.ts.
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
  /** Calls in flight in one snapshot; the bridge sends at most these (and says how many there were). */
  maxInflightCalls: 500,
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
  /** The server's status when it sent one, else the code's catalog status (errorCatalog.ts). */
  httpStatus: number | null;
  /**
   * Whether `httpStatus` came from a server's answer. Added after v1 shipped: an older panel ignores
   * it; without it (an older page) only a call over HTTP can have had a status from the server.
   */
  httpStatusFromServer?: boolean;
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
  /**
   * The length of its sliding window (`breaker.windowMs`). Added after v1 shipped, like `refuses`:
   * an older panel ignores both, and a panel reading an older page states the defaults.
   */
  windowMs?: number;
  /**
   * Which kinds it refuses while open (`breaker.failFast`, by default queries only). Sent for a
   * function's breaker only: the functions behind a deployment-wide one may differ.
   */
  refuses?: Record<WireFunctionKind, boolean>;
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
  /**
   * The check's other figures (HealthCheck.details): primitives only, e.g. query_latency's
   * `statistic` ("p95" or "average"), which says what `value` is. Absent from SDKs before it.
   */
  details?: WireAttributes;
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
 * Why a subscription is `paused`: the browser is offline (or offline is simulated), or it is online
 * and the socket is down. Offline wins when both hold.
 */
export type WirePausedBy = "offline" | "disconnected";

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
  /**
   * Set with `paused`: which of the two paused it. Added after v1 shipped: an older panel ignores
   * it, and a panel reading an older page infers it from the page's connection items.
   */
  pausedBy?: WirePausedBy;
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

/**
 * What a call in flight waits for: `server` sent and awaiting the answer; `socket` sent over a
 * WebSocket that is down (the client re-sends it on reconnect); `offline` held by offline (real or
 * simulated); `bulkhead` queued for a slot; `backoff` waiting to retry after a failed attempt.
 */
export type WireInflightWait = "server" | "socket" | "offline" | "bulkhead" | "backoff";

/** One one-shot call (query, mutation, action) that has not settled yet. */
export interface WireInflightCall {
  /** Unique in the session while the panel stays connected. */
  id: string;
  functionPath: string;
  kind: WireFunctionKind;
  transport: WireTransport;
  /** Epoch ms; the call's record, when it settles, has the same `startedAt`. */
  startedAt: number;
  /** The attempt running, or the one that failed last while backing off. */
  attempt: number;
  /** Absent when unknown (a reason this extension does not know is read as absent). */
  waitingFor?: WireInflightWait;
}

/**
 * The page's one-shot calls in flight, whole, sent when they change (at most once a second, only
 * while a panel is connected). Added after v1 shipped: an older extension drops the unknown type,
 * an older page never sends it.
 */
export interface WireInflightCalls {
  type: "inflight";
  at: number;
  /** How many are in flight; more than `calls.length` when the snapshot was capped. */
  total: number;
  calls: WireInflightCall[];
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
  | WireInflightCalls
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

/** What `validateMessage` returns: a clean copy, or why the message was refused. */
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
