import { type ListenerErrorCounter, ListenerSet } from "../core/listenerSet.js";
import { classifyError, isLensConvexError, type LensError } from "../errors/index.js";
import { nextDelay } from "../resilience/backoff.js";
import type { BreakerPermit } from "../resilience/breaker.js";
import { mayRetry } from "../resilience/convexSemantics.js";
import { settlePermit } from "./breakerCounting.js";
import type { CallSite } from "./callSite.js";
import { CallTrace } from "./callTrace.js";
import type { LensRuntime } from "./lensRuntime.js";
import { isPaginatedPage } from "./paginatedPage.js";
import type { ServerLogRouter, ServerLogSink } from "./serverLogRouter.js";
import type { SocketReadiness } from "./socketReadiness.js";
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

interface Entry {
  readonly id: string;
  readonly key: string;
  readonly target: CallSite;
  readonly args: unknown;
  readonly rawSubscribe: RawSubscribe;
  readonly retry: boolean;
  readonly listeners: ListenerSet<(event: RawEvent) => void>;
  rawUnsubscribe: (() => void) | null;
  /** Bumped on every (re-)subscribe and close, so late events of an old subscription are ignored. */
  generation: number;
  /**
   * Until the first result or final failure: the call's trace. After it, from a failure until it
   * surfaces or is masked: the trace of that failure (recorded as a failed or recovered call).
   */
  trace: CallTrace | null;
  /** The first result or final failure has been delivered. */
  settled: boolean;
  /** The breaker permit taken when the official subscription was (re-)opened, until it answers. */
  permit: BreakerPermit | null;
  readonly subscribedAt: number;
  attemptStartedAt: number;
  attempts: number;
  previousDelayMs: number;
  retryTimer: unknown;
  retrying: boolean;
  /** The failure hidden behind `lastGood` (retrying, or held while the breaker is open). */
  hidden: LensError | undefined;
  updates: number;
  lastUpdateAt: number | undefined;
  last: RawEvent | undefined;
  lastGood: RawEvent | undefined;
  readonly recentLogs: string[];
  logSink: ServerLogSink | undefined;
  /** The log lines of the last result seen; the client hands the same array until a new result. */
  lastLogs: readonly string[] | undefined;
  firstResult: SubscriptionSnapshot["firstResult"];
  readonly history: SubscriptionHistoryEvent[];
  /** Previews made on demand: the args once, the result once per result. */
  argsPreview: string | undefined;
  resultPreview: { readonly of: RawEvent; readonly text: string } | undefined;
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
  readonly #entries = new Map<string, Entry>();

  readonly #rt: LensRuntime;
  readonly #logs: ServerLogRouter | undefined;
  /** The client's socket, so a first result's wait for it is not counted as function latency. */
  readonly #socket: SocketReadiness | undefined;

  constructor(rt: LensRuntime, logs?: ServerLogRouter, socket?: SocketReadiness) {
    this.#rt = rt;
    this.#logs = logs;
    this.#socket = socket;
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
    let entry = this.#entries.get(key);
    let subscribed = true;
    if (!entry) {
      entry = this.#open(key, target, args, rawSubscribe, options.retry);
      this.#entries.set(key, entry);
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
      this.#close(owner);
    };
  }

  /** While `key` is being retried: the last good event to show instead of the hidden failure. */
  masked(key: string): { readonly event: RawEvent | undefined } | null {
    const entry = this.#entries.get(key);
    return entry?.hidden ? { event: entry.lastGood } : null;
  }

  /** The last event of `key` as listeners should see it (the last good one while retrying). */
  current(key: string): RawEvent | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    return entry.hidden ? entry.lastGood : entry.last;
  }

  /** Snapshots of the open subscriptions. */
  snapshots(): SubscriptionSnapshot[] {
    return [...this.#entries.values()].map((e) => ({
      id: e.id,
      functionPath: e.target.functionPath,
      ...this.#previews(e),
      state: !e.settled ? "loading" : e.hidden || e.last?.ok === false ? "error" : "live",
      ...(e.firstResult === undefined ? {} : { firstResult: e.firstResult }),
      ...pageOf(e.args),
      history: [...e.history],
      listeners: e.listeners.size,
      updates: e.updates,
      retrying: e.retrying,
      ...(e.hidden === undefined ? {} : { error: e.hidden }),
      subscribedAt: e.subscribedAt,
      ...(e.lastUpdateAt === undefined ? {} : { lastUpdateAt: e.lastUpdateAt }),
      recentLogs: [...e.recentLogs],
    }));
  }

  /** The redacted previews capture allows, made only when a snapshot asks (a busy page pays nothing). */
  #previews(entry: Entry): { args?: string; result?: string } {
    const capture = this.#rt.capture;
    if (!capture) return {};
    const out: { args?: string; result?: string } = {};
    if (capture.args) {
      entry.argsPreview ??= capture.redactor.preview(entry.args);
      out.args = entry.argsPreview;
    }
    const good = entry.lastGood;
    if (capture.results && good?.ok) {
      if (entry.resultPreview?.of !== good) {
        entry.resultPreview = { of: good, text: capture.redactor.preview(good.value) };
      }
      out.result = entry.resultPreview.text;
    }
    return out;
  }

  /** Adds `event` (at `at`) to the subscription's history, dropping the oldest past its cap. */
  #remember(
    entry: Entry,
    event: SubscriptionHistoryEvent["event"],
    code?: string,
    at = Date.now(),
  ): void {
    if (entry.history.length >= MAX_HISTORY) entry.history.shift();
    entry.history.push(code === undefined ? { at, event } : { at, event, code });
  }

  /** Drops every subscription; used when the client closes. */
  closeAll(): void {
    for (const entry of [...this.#entries.values()]) this.#close(entry);
  }

  #open(
    key: string,
    target: CallSite,
    args: unknown,
    rawSubscribe: RawSubscribe,
    retry: boolean,
  ): Entry {
    const trace = new CallTrace(this.#rt, target, args, true);
    const entry: Entry = {
      id: `s${++nextSubscriptionId}`,
      key,
      target,
      args,
      rawSubscribe,
      retry,
      listeners: new ListenerSet(raiseLater),
      rawUnsubscribe: null,
      generation: 0,
      trace,
      settled: false,
      permit: null,
      subscribedAt: trace.startedAt,
      attemptStartedAt: trace.startedAt,
      attempts: 1,
      previousDelayMs: 0,
      retryTimer: undefined,
      retrying: false,
      hidden: undefined,
      updates: 0,
      lastUpdateAt: undefined,
      last: undefined,
      lastGood: undefined,
      recentLogs: [],
      logSink: undefined,
      lastLogs: undefined,
      firstResult: undefined,
      history: [],
      argsPreview: undefined,
      resultPreview: undefined,
    };
    entry.logSink = {
      log: (level, text) => {
        if (entry.trace) entry.trace.log(level, text);
        else {
          if (entry.recentLogs.length >= MAX_RECENT_LOGS) entry.recentLogs.shift();
          // lens.subscriptions() is a sink like any other: the line is redacted before it is kept.
          entry.recentLogs.push(`[${level}] ${this.#rt.redactor.text(text)}`);
        }
      },
    };
    this.#rt.budget?.recordCall();
    this.#connect(entry);
    return entry;
  }

  #connect(entry: Entry): void {
    const generation = ++entry.generation;
    this.#releasePermit(entry);
    // Never refused: an open breaker gives no permit, and the answer then counts nothing.
    entry.permit = entry.target.breaker?.admit() ?? null;
    const subscribe = () =>
      entry.rawSubscribe((event) => {
        if (entry.generation === generation) this.#onRawEvent(entry, event);
      });
    // While traced, the (re-)subscribe is an attempt: its CLIENT span is active as it is sent.
    entry.rawUnsubscribe = entry.trace ? entry.trace.send(entry.attempts, subscribe) : subscribe();
    // Injected latency delays the subscription at the socket (socketGate.ts): mark its first result.
    const { faults } = this.#rt;
    if (
      entry.trace &&
      faults.active &&
      entry.target.socketGate?.installed &&
      faults.delayFor(entry.target.functionPath) > 0
    ) {
      entry.trace.faultInjected = true;
    }
  }

  #disconnect(entry: Entry): void {
    entry.generation++;
    this.#releasePermit(entry);
    entry.rawUnsubscribe?.();
    entry.rawUnsubscribe = null;
  }

  #close(entry: Entry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    if (entry.retryTimer !== undefined) this.#rt.clock.clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    this.#disconnect(entry);
    const trace = entry.trace;
    entry.trace = null;
    if (trace && entry.settled && entry.hidden) {
      // Closed while in error behind its last result: the page saw a failure; record it.
      trace.functionMs = null;
      trace.attempts = entry.attempts;
      trace.finish(entry.hidden);
    } else {
      // Dropped before its first result: the span ends, unrecorded as a failure.
      trace?.abandon();
    }
  }

  #onRawEvent(entry: Entry, event: RawEvent): void {
    if (!event.ok) {
      // A failure after the first result is a call of its own: traced from now until it surfaces
      // or a retry masks it, so it reaches Errors, the metrics and health (issue 13 §6).
      if (entry.settled && !entry.trace) {
        entry.trace = new CallTrace(this.#rt, entry.target, entry.args, true);
        entry.trace.afterFirstResult = true;
        entry.attemptStartedAt = entry.trace.startedAt;
      }
      this.#takeLogs(entry, event);
      const error = classifyError(event.error, entry.target);
      this.#remember(entry, "failure", error.code);
      this.#countOnBreaker(entry, error);
      if (this.#scheduleRetry(entry, error) || this.#holdWhileBreakerOpen(entry, error)) {
        entry.hidden = error;
        if (entry.trace) entry.trace.maskedFailure = true;
        return;
      }
      entry.retrying = false;
      entry.hidden = undefined;
      this.#deliver(entry, { ok: false, error }, error);
      return;
    }
    this.#takeLogs(entry, event);
    this.#countOnBreaker(entry, null);
    if (entry.settled && (entry.hidden || entry.last?.ok === false))
      this.#remember(entry, "recovery");
    entry.retrying = false;
    entry.hidden = undefined;
    entry.lastGood = event;
    this.#deliver(entry, event, null);
    // A later transient failure starts a fresh series of attempts.
    entry.attempts = 1;
    entry.previousDelayMs = 0;
  }

  #deliver(entry: Entry, event: RawEvent, error: LensError | null): void {
    entry.last = event;
    const trace = entry.trace;
    if (trace) {
      entry.trace = null;
      trace.attempts = entry.attempts;
      trace.endAttempt(entry.attempts, entry.attemptStartedAt, error, entry.attempts > 1);
      if (entry.settled) {
        // A failure after the first result was pushed by the server: nothing timed the function.
        trace.functionMs = null;
        if (event.ok) this.#countUpdate(entry);
      } else {
        const now = Date.now();
        const connectMs = this.#socket?.waitedSince(entry.attemptStartedAt, now) ?? 0;
        trace.connectMs = connectMs;
        trace.functionMs = Math.max(0, now - entry.attemptStartedAt - connectMs);
        entry.firstResult = { at: now, connectMs, functionMs: trace.functionMs };
        if (event.ok) this.#remember(entry, "firstResult", undefined, now);
      }
      entry.settled = true;
      trace.finish(error);
    } else {
      this.#countUpdate(entry);
    }
    entry.listeners.notify(event);
  }

  /** Attaches the lines a new result came with, once per result (issue 13 §5). */
  #takeLogs(entry: Entry, event: RawEvent): void {
    const lines = event.logs;
    if (!lines || lines === entry.lastLogs || !entry.logSink) return;
    entry.lastLogs = lines;
    if (lines.length === 0) return;
    if (this.#logs) this.#logs.claimQueryLines(entry.target.functionPath, lines, entry.logSink);
    else for (const line of lines) entry.logSink.log("LOG", line);
  }

  #countUpdate(entry: Entry): void {
    // One clock read: the history's update and lastUpdateAt are the same moment.
    const at = Date.now();
    this.#remember(entry, "update", undefined, at);
    entry.updates++;
    entry.lastUpdateAt = at;
  }

  /**
   * Tells the function's breaker how the subscription answered (issue 13 §4): a result or update
   * is a success; a failure counts as a one-shot call's would (breakerCounting.ts). The permit
   * taken when the subscription was opened is used for its first answer; later answers take one
   * each, so an update seen while half-open is a successful probe. An open breaker gives none, and
   * the answer counts nothing.
   */
  #countOnBreaker(entry: Entry, error: LensError | null): void {
    const breaker = entry.target.breaker;
    if (!breaker) return;
    const permit = entry.permit ?? breaker.admit();
    entry.permit = null;
    if (!permit) return;
    // A first answer is timed without the wait for the socket; a pushed update is never slow.
    const { attemptStartedAt } = entry;
    const elapsed = entry.settled
      ? 0
      : Math.max(
          0,
          Date.now() - attemptStartedAt - (this.#socket?.waitedSince(attemptStartedAt) ?? 0),
        );
    settlePermit(
      breaker,
      permit,
      error,
      entry.target.policy,
      elapsed,
      undefined,
      entry.trace?.span,
    );
  }

  #releasePermit(entry: Entry): void {
    if (entry.permit) entry.target.breaker?.release(entry.permit);
    entry.permit = null;
  }

  /** Hides a transient failure and re-subscribes after backoff; false when it must surface. */
  #scheduleRetry(entry: Entry, error: LensError): boolean {
    const rt = this.#rt;
    const policy = rt.policies.resolve(entry.target.functionPath);
    const retry = policy.retry;
    if (!entry.retry || !retry || entry.attempts >= retry.maxAttempts) return false;
    if (!mayRetry("query", policy.idempotent, error, true)) return false;
    if (rt.budget && !rt.budget.tryAcquireRetry()) return false;
    const delayMs = nextDelay(entry.attempts, entry.previousDelayMs, retry);
    entry.previousDelayMs = delayMs;
    entry.retrying = true;
    if (entry.trace) {
      entry.trace.endAttempt(entry.attempts, entry.attemptStartedAt, error, true);
      entry.trace.retrying(entry.attempts, error, delayMs);
    }
    this.#reopenAfter(entry, delayMs, true);
    return true;
  }

  /**
   * While the function's breaker is open, keeps the last good result on screen rather than
   * replacing it with a failure the page can do nothing about, and re-opens the subscription when
   * the breaker next probes. A ConvexError is the app's own answer and always surfaces; so does a
   * failure before any good result, since there is nothing to keep showing, and a paginated
   * query's, which a re-subscribe would reset.
   */
  #holdWhileBreakerOpen(entry: Entry, error: LensError): boolean {
    const breaker = entry.target.breaker;
    if (!entry.retry || !breaker || breaker.state !== "open") return false;
    if (!entry.lastGood || isLensConvexError(error)) return false;
    const { nextProbeAt } = breaker.snapshot();
    const delayMs =
      nextProbeAt === undefined
        ? HELD_RECHECK_MS
        : Math.max(HELD_MIN_DELAY_MS, nextProbeAt - this.#rt.clock.now());
    entry.trace?.endAttempt(entry.attempts, entry.attemptStartedAt, error, false);
    this.#reopenAfter(entry, delayMs, false);
    return true;
  }

  /** Drops the official subscription and opens it again after `delayMs`. */
  #reopenAfter(entry: Entry, delayMs: number, countsAsAttempt: boolean): void {
    this.#disconnect(entry);
    entry.retryTimer = this.#rt.clock.setTimeout(() => {
      entry.retryTimer = undefined;
      if (this.#entries.get(entry.key) !== entry) return;
      if (countsAsAttempt) entry.attempts++;
      entry.attemptStartedAt = Date.now();
      this.#connect(entry);
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
