import { type ListenerErrorCounter, ListenerSet } from "../core/listenerSet.js";
import { classifyError, isLensConvexError, type LensError } from "../errors/index.js";
import { nextDelay } from "../resilience/backoff.js";
import type { BreakerPermit } from "../resilience/breaker.js";
import { mayRetry } from "../resilience/convexSemantics.js";
import { settlePermit } from "./breakerCounting.js";
import type { CallSite } from "./callSite.js";
import { CallTrace } from "./callTrace.js";
import type { ConnectedClock } from "./connectedClock.js";
import type { LensRuntime } from "./lensRuntime.js";
import { isPaginatedPage } from "./paginatedPage.js";
import type { ServerLogRouter, ServerLogSink } from "./serverLogRouter.js";
import type { SubscriptionHistoryEvent, SubscriptionSnapshot } from "./subscriptionSnapshot.js";

/** One result (or failure) pushed by the official client for a subscribed query. */
export type RawEvent = (
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown }
) & {
  /**
   * The server log lines this result came with (`localQueryLogs()` / `getQueryLogs()`): the
   * client keeps them with the query's result, so they are this subscription's alone.
   */
  readonly logs?: readonly string[] | undefined;
};

/** Opens one subscription on the official client; returns its unsubscribe function. */
export type RawSubscribe = (onEvent: (event: RawEvent) => void) => () => void;

const MAX_RECENT_LOGS = 20;
const MAX_HISTORY = 20;
let nextSubscriptionId = 0;
// While a breaker stays open without a probe time (isolated by hand): how often to look again.
const HELD_RECHECK_MS = 5_000;
// The soonest a held subscription is re-opened, so a breaker about to probe is not hammered.
const HELD_MIN_DELAY_MS = 250;

// The listeners are the app's own callbacks. One that throws (or rejects) no longer stops the other
// listeners of a shared subscription, nor the official client's loop that delivered the result; it
// is not swallowed either, but raised as an unhandled rejection, as the official ConvexClient does
// with a failure it cannot deliver: "Make some noise without unsubscribing or failing to call other
// callbacks" (convex/src/browser/simple_client.ts).
const raiseLater: ListenerErrorCounter = {
  record: (_source, error) => void Promise.reject(error),
};

/** What each subscription reads of the hub that owns it. */
interface HubParts {
  readonly rt: LensRuntime;
  readonly logs: ServerLogRouter | undefined;
  /**
   * The client's connected-time clock (connectedClock.ts): a first result's wait for the socket is
   * its downtime during the answering attempt, as for a one-shot call, not function latency.
   */
  readonly socket: ConnectedClock | undefined;
  /** The open subscriptions by key: one that is no longer there is closed. */
  readonly entries: Map<string, SharedSubscription>;
}

/**
 * Instruments subscriptions (`watchQuery`, `onUpdate`). Each distinct query gets one underlying
 * subscription shared by its listeners, so the SDK alone decides when to drop and re-subscribe it:
 * that is how a transient failure is retried (a Convex subscription that failed stays failed until
 * its data changes). While retrying, listeners keep seeing the last good result.
 *
 * A span covers subscribe → first result or final failure; later updates are counted on the entry,
 * not turned into spans, so a busy page does not flood the trace (DESIGN.md). A failure after the
 * first result is a call record of its own (failed, or recovered when a retry masked it), so it
 * reaches Errors, the metrics and health.
 *
 * Breakers see subscriptions: every answer counts on the function's breaker (a result or update as
 * a success, a failure as a one-shot call's would). Subscriptions are never refused by a breaker:
 * a page's live view should wait for recovery, not throw. While the function's breaker is open, a
 * failure is held behind the last good result (with the error in the snapshot) and the
 * subscription is re-opened when the breaker next probes.
 */
export class SubscriptionHub {
  private readonly hub: HubParts;

  constructor(rt: LensRuntime, logs?: ServerLogRouter, socket?: ConnectedClock) {
    this.hub = { rt, logs, socket, entries: new Map() };
  }

  /**
   * Adds a listener to the subscription `key`, opening it if needed. With `replay`, a listener that
   * joins a subscription with a known result receives it soon, as `ConvexClient.onUpdate` does.
   * With `retry` off (paginated queries, whose pages a re-subscribe would reset) failures surface.
   */
  subscribe(
    key: string,
    target: CallSite,
    args: unknown,
    rawSubscribe: RawSubscribe,
    listener: (event: RawEvent) => void,
    options: { readonly replay: boolean; readonly retry: boolean },
  ): () => void {
    const hub = this.hub;
    let entry = hub.entries.get(key);
    let subscribed = true;
    if (!entry) {
      entry = new SharedSubscription(hub, key, target, args, rawSubscribe, options.retry);
      hub.rt.budget?.recordCall();
      entry.connect();
      hub.entries.set(key, entry);
    } else if (options.replay && entry.last && !entry.retrying) {
      const last = entry.last;
      const joined = entry;
      queueMicrotask(() => {
        if (!subscribed) return;
        try {
          listener(last);
        } catch (error) {
          joined.listeners.fail(error);
        }
      });
    }
    entry.listeners.add(listener);
    const owner = entry;
    return () => {
      subscribed = false;
      if (!owner.listeners.delete(listener) || owner.listeners.size > 0) return;
      owner.close();
    };
  }

  /** While `key` is being retried: the last good event to show instead of the hidden failure. */
  masked(key: string): { readonly event: RawEvent | undefined } | null {
    const entry = this.hub.entries.get(key);
    return entry?.hidden ? { event: entry.lastGood } : null;
  }

  /** The last event of `key` as listeners should see it (the last good one while retrying). */
  current(key: string): RawEvent | undefined {
    const entry = this.hub.entries.get(key);
    if (!entry) return undefined;
    return entry.hidden ? entry.lastGood : entry.last;
  }

  /** Snapshots of the open subscriptions. */
  snapshots(): SubscriptionSnapshot[] {
    return [...this.hub.entries.values()].map((entry) => entry.snapshot());
  }

  /** Drops every subscription; used when the client closes. */
  closeAll(): void {
    for (const entry of [...this.hub.entries.values()]) entry.close();
  }
}

/**
 * One underlying subscription of the official client, shared by the hub's listeners for its key:
 * its attempts, its breaker permit, its last results and the history the panel shows. It is the
 * sink of its own server log lines: while traced they go to the trace, after that to its recent
 * lines.
 */
class SharedSubscription implements ServerLogSink {
  readonly id = `s${++nextSubscriptionId}`;
  readonly listeners = new ListenerSet<(event: RawEvent) => void>(raiseLater);
  /** True while a transient failure is hidden and the subscription is being retried. */
  retrying = false;
  /** The failure hidden behind `lastGood` (retrying, or held while the breaker is open). */
  hidden: LensError | undefined;
  last: RawEvent | undefined;
  lastGood: RawEvent | undefined;
  private readonly hub: HubParts;
  private readonly key: string;
  private readonly target: CallSite;
  private readonly args: unknown;
  private readonly rawSubscribe: RawSubscribe;
  private readonly retry: boolean;
  private rawUnsubscribe: (() => void) | null = null;
  /** Bumped on every (re-)subscribe and close, so late events of an old subscription are ignored. */
  private generation = 0;
  /**
   * Until the first result or final failure: the call's trace. After it, from a failure until it
   * surfaces or is masked: the trace of that failure (recorded as a failed or recovered call).
   */
  private trace: CallTrace | null;
  /** The first result or final failure has been delivered. */
  private settled = false;
  /** The breaker permit taken when the official subscription was (re-)opened, until it answers. */
  private permit: BreakerPermit | null = null;
  private readonly subscribedAt: number;
  private attemptStartedAt: number;
  /** The socket's downtime when the attempt in flight started: what it waited is the difference. */
  private downAtStart = 0;
  private attempts = 1;
  private previousDelayMs = 0;
  private retryTimer: unknown;
  private updates = 0;
  private lastUpdateAt: number | undefined;
  private readonly recentLogs: string[] = [];
  /** The log lines of the last result seen; the client hands the same array until a new result. */
  private lastLogs: readonly string[] | undefined;
  private firstResult: SubscriptionSnapshot["firstResult"];
  private readonly history: SubscriptionHistoryEvent[] = [];
  /** Previews made on demand: the args once, the result once per result. */
  private argsPreview: string | undefined;
  private resultPreview: { readonly of: RawEvent; readonly text: string } | undefined;

  constructor(
    hub: HubParts,
    key: string,
    target: CallSite,
    args: unknown,
    rawSubscribe: RawSubscribe,
    retry: boolean,
  ) {
    this.hub = hub;
    this.key = key;
    this.target = target;
    this.args = args;
    this.rawSubscribe = rawSubscribe;
    this.retry = retry;
    this.trace = new CallTrace(hub.rt, target, args, true);
    this.subscribedAt = this.trace.startedAt;
    this.attemptStartedAt = this.trace.startedAt;
  }

  /** A server log line of this subscription's results. */
  log(level: string, text: string): void {
    if (this.trace) this.trace.log(level, text);
    else {
      const recent = this.recentLogs;
      if (recent.length >= MAX_RECENT_LOGS) recent.shift();
      // lens.subscriptions() is a sink like any other: the line is redacted before it is kept.
      recent.push(`[${level}] ${this.hub.rt.redactor.text(text)}`);
    }
  }

  /** What `lens.subscriptions()` and the panel show of it. */
  snapshot(): SubscriptionSnapshot {
    const out: { -readonly [K in keyof SubscriptionSnapshot]: SubscriptionSnapshot[K] } = {
      id: this.id,
      functionPath: this.target.functionPath,
      state: !this.settled ? "loading" : this.hidden || this.last?.ok === false ? "error" : "live",
      ...pageOf(this.args),
      history: [...this.history],
      listeners: this.listeners.size,
      updates: this.updates,
      retrying: this.retrying,
      subscribedAt: this.subscribedAt,
      recentLogs: [...this.recentLogs],
    };
    // Optional fields only when present.
    if (this.firstResult) out.firstResult = this.firstResult;
    if (this.hidden) out.error = this.hidden;
    if (this.lastUpdateAt !== undefined) out.lastUpdateAt = this.lastUpdateAt;
    // The redacted previews capture allows, made only when a snapshot asks (a busy page pays nothing).
    const capture = this.hub.rt.capture;
    if (capture?.args) {
      this.argsPreview ??= capture.redactor.preview(this.args);
      out.args = this.argsPreview;
    }
    const good = this.lastGood;
    if (capture?.results && good?.ok) {
      if (this.resultPreview?.of !== good) {
        this.resultPreview = { of: good, text: capture.redactor.preview(good.value) };
      }
      out.result = this.resultPreview.text;
    }
    return out;
  }

  /** Adds `event` (at `at`) to the history, dropping the oldest past its cap. */
  private remember(event: SubscriptionHistoryEvent["event"], code?: string, at = Date.now()): void {
    const history = this.history;
    if (history.length >= MAX_HISTORY) history.shift();
    history.push(code === undefined ? { at, event } : { at, event, code });
  }

  /** Opens (or re-opens) the official subscription. */
  connect(): void {
    const generation = ++this.generation;
    this.releasePermit();
    this.downAtStart = this.hub.socket?.downtime() ?? 0;
    const target = this.target;
    // Never refused: an open breaker gives no permit, and the answer then counts nothing.
    this.permit = target.breaker?.admit() ?? null;
    const subscribe = () =>
      this.rawSubscribe((event) => {
        if (this.generation === generation) this.onRawEvent(event);
      });
    const trace = this.trace;
    // While traced, the (re-)subscribe is an attempt: its CLIENT span is active as it is sent.
    this.rawUnsubscribe = trace ? trace.send(this.attempts, subscribe) : subscribe();
    // Injected latency delays the subscription at the socket (socketGate.ts): mark its first result.
    const { faults } = this.hub.rt;
    if (
      trace &&
      faults.active &&
      target.socketGate?.installed &&
      faults.delayFor(target.functionPath) > 0
    ) {
      trace.faultInjected = true;
    }
  }

  private disconnect(): void {
    this.generation++;
    this.releasePermit();
    this.rawUnsubscribe?.();
    this.rawUnsubscribe = null;
  }

  /** Drops the official subscription for good, and leaves the hub. */
  close(): void {
    const { entries, rt } = this.hub;
    if (entries.get(this.key) === this) entries.delete(this.key);
    if (this.retryTimer !== undefined) rt.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.disconnect();
    const trace = this.trace;
    this.trace = null;
    if (trace && this.settled && this.hidden) {
      // Closed while in error behind its last result: the page saw a failure; record it.
      trace.attempts = this.attempts;
      trace.finish(this.hidden);
    } else {
      // Dropped before its first result: the span ends, unrecorded as a failure.
      trace?.abandon();
    }
  }

  private onRawEvent(event: RawEvent): void {
    if (!event.ok) {
      // A failure after the first result is a call of its own: traced from now until it surfaces
      // or a retry masks it, so it reaches Errors, the metrics and health (issue 13 §6).
      if (this.settled && !this.trace) {
        const trace = new CallTrace(this.hub.rt, this.target, this.args, true);
        trace.afterFirstResult = true;
        this.trace = trace;
        this.attemptStartedAt = trace.startedAt;
      }
      this.takeLogs(event);
      const error = classifyError(event.error, this.target);
      this.remember("failure", error.code);
      this.countOnBreaker(error);
      if (this.scheduleRetry(error) || this.holdWhileBreakerOpen(error)) {
        this.hidden = error;
        if (this.trace) this.trace.maskedFailure = true;
        return;
      }
      this.retrying = false;
      this.hidden = undefined;
      this.deliver({ ok: false, error }, error);
      return;
    }
    this.takeLogs(event);
    this.countOnBreaker(null);
    if (this.settled && (this.hidden || this.last?.ok === false)) this.remember("recovery");
    this.retrying = false;
    this.hidden = undefined;
    this.lastGood = event;
    this.deliver(event, null);
    // A later transient failure starts a fresh series of attempts.
    this.attempts = 1;
    this.previousDelayMs = 0;
  }

  private deliver(event: RawEvent, error: LensError | null): void {
    this.last = event;
    const trace = this.trace;
    if (trace) {
      this.trace = null;
      const attempts = this.attempts;
      const startedAt = this.attemptStartedAt;
      trace.attempts = attempts;
      trace.endAttempt(attempts, startedAt, error, attempts > 1);
      if (this.settled) {
        if (event.ok) this.countUpdate();
      } else {
        const now = Date.now();
        const connectMs = this.socketWait();
        trace.connectMs = connectMs;
        trace.functionMs = Math.max(0, now - startedAt - connectMs);
        this.firstResult = { at: now, connectMs, functionMs: trace.functionMs };
        if (event.ok) this.remember("firstResult", undefined, now);
      }
      this.settled = true;
      trace.finish(error);
    } else {
      this.countUpdate();
    }
    this.listeners.notify(event);
  }

  /** Attaches the lines a new result came with, once per result (issue 13 §5). */
  private takeLogs(event: RawEvent): void {
    const lines = event.logs;
    if (!lines || lines === this.lastLogs) return;
    this.lastLogs = lines;
    if (lines.length === 0) return;
    const logs = this.hub.logs;
    if (logs) logs.claimQueryLines(this.target.functionPath, lines, this);
    else for (const line of lines) this.log("LOG", line);
  }

  private countUpdate(): void {
    // One clock read: the history's update and lastUpdateAt are the same moment.
    const at = Date.now();
    this.remember("update", undefined, at);
    this.updates++;
    this.lastUpdateAt = at;
  }

  /**
   * Tells the function's breaker how the subscription answered (issue 13 §4): a result or update
   * is a success; a failure counts as a one-shot call's would (breakerCounting.ts). The permit
   * taken when the subscription was opened is used for its first answer; later answers take one
   * each, so an update seen while half-open is a successful probe. An open breaker gives none, and
   * the answer counts nothing.
   */
  private countOnBreaker(error: LensError | null): void {
    const target = this.target;
    const breaker = target.breaker;
    if (!breaker) return;
    const permit = this.permit ?? breaker.admit();
    this.permit = null;
    if (!permit) return;
    // A first answer is timed without the wait for the socket; a pushed update is never slow.
    const startedAt = this.attemptStartedAt;
    const elapsed = this.settled ? 0 : Math.max(0, Date.now() - startedAt - this.socketWait());
    settlePermit(breaker, permit, error, target.policy, elapsed, undefined, this.trace?.span);
  }

  /** Ms the socket was down since the attempt in flight started (0 over a connected socket). */
  private socketWait(): number {
    const socket = this.hub.socket;
    return socket ? socket.downtime() - this.downAtStart : 0;
  }

  private releasePermit(): void {
    if (this.permit) this.target.breaker?.release(this.permit);
    this.permit = null;
  }

  /** Hides a transient failure and re-subscribes after backoff; false when it must surface. */
  private scheduleRetry(error: LensError): boolean {
    const rt = this.hub.rt;
    // The call site's policy: resolved once, when the site was built (callSites.ts).
    const policy = this.target.policy;
    const retry = policy.retry;
    const attempts = this.attempts;
    if (!this.retry || !retry || attempts >= retry.maxAttempts) return false;
    if (!mayRetry("query", policy.idempotent, error, true)) return false;
    if (rt.budget && !rt.budget.tryAcquireRetry()) return false;
    const delayMs = nextDelay(attempts, this.previousDelayMs, retry);
    this.previousDelayMs = delayMs;
    this.retrying = true;
    const trace = this.trace;
    if (trace) {
      trace.endAttempt(attempts, this.attemptStartedAt, error, true);
      trace.retrying(attempts, error, delayMs);
    }
    this.reopenAfter(delayMs, true);
    return true;
  }

  /**
   * While the function's breaker is open, keeps the last good result on screen rather than
   * replacing it with a failure the page can do nothing about, and re-opens the subscription when
   * the breaker next probes. A ConvexError is the app's own answer and always surfaces; so does a
   * failure before any good result, since there is nothing to keep showing, and a paginated
   * query's, which a re-subscribe would reset.
   */
  private holdWhileBreakerOpen(error: LensError): boolean {
    const breaker = this.target.breaker;
    if (!this.retry || !breaker || breaker.state !== "open") return false;
    if (!this.lastGood || isLensConvexError(error)) return false;
    const { nextProbeAt } = breaker.snapshot();
    const delayMs =
      nextProbeAt === undefined
        ? HELD_RECHECK_MS
        : Math.max(HELD_MIN_DELAY_MS, nextProbeAt - this.hub.rt.clock.now());
    this.trace?.endAttempt(this.attempts, this.attemptStartedAt, error, false);
    this.reopenAfter(delayMs, false);
    return true;
  }

  /** Drops the official subscription and opens it again after `delayMs`. */
  private reopenAfter(delayMs: number, countsAsAttempt: boolean): void {
    this.disconnect();
    const hub = this.hub;
    this.retryTimer = hub.rt.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (hub.entries.get(this.key) !== this) return;
      if (countsAsAttempt) this.attempts++;
      this.attemptStartedAt = Date.now();
      this.connect();
    }, delayMs);
  }
}

/** A paginated query's page, read from its args' `paginationOpts` (paginatedPage.ts). */
function pageOf(args: unknown): { page?: { numItems: number; first: boolean } } {
  if (!isPaginatedPage(args)) return {};
  const options = (args as { paginationOpts: { numItems?: unknown; cursor?: unknown } })
    .paginationOpts;
  const numItems = typeof options.numItems === "number" ? options.numItems : 0;
  return { page: { numItems, first: options.cursor === null || options.cursor === undefined } };
}
