import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { FunctionKind } from "../core/callTarget.js";
import { type Clock, systemClock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import { Diagnostics } from "./diagnostics.js";
import { failureClass } from "./failureClass.js";
import {
  type HealthThresholds,
  type HealthThresholdsInput,
  resolveHealthThresholds,
  type ThresholdBand,
} from "./healthThresholds.js";
import type { CallStats, ConnectionWaits } from "./metricsStore.js";
import { safeExecute } from "./safeExecute.js";

/** The overall verdict, worst first: unhealthy > degraded > healthy. */
export type HealthStatus = "healthy" | "degraded" | "unhealthy";

/** A check's verdict; "no_data" when it has nothing to judge (no calls at all), which never trips health. */
export type CheckStatus = HealthStatus | "no_data";

/** The checks, always reported in this order. */
export type HealthCheckName =
  | "connection"
  | "offline"
  | "query_latency"
  | "mutation_success"
  | "error_rate"
  | "breakers"
  | "subscriptions";

/** One check's verdict and the numbers behind it. */
export interface HealthCheck {
  readonly name: HealthCheckName;
  readonly status: CheckStatus;
  /**
   * The deciding measurement: ms down (connection), ms offline (offline), average or p95 latency in
   * ms (query_latency: the average, unless the p95 gives the worse verdict), a fraction
   * (mutation_success, error_rate), open breakers (breakers), subscriptions in error
   * (subscriptions). `null` with no data.
   */
  readonly value: number | null;
  /** The bound `value` was judged against: the critical one when unhealthy, else the warning one. */
  readonly threshold: number | null;
  /** One sentence for people. */
  readonly message: string;
  /** The other numbers worth showing (calls, p95, reconnects, open scopes…). */
  readonly details?: Readonly<Record<string, number | string | boolean | null>>;
}

/** What `lens.health()` returns and `onHealthChange` delivers. */
export interface HealthReport {
  /** The reported status, after hysteresis (see {@link HealthModel}). */
  readonly status: HealthStatus;
  /** Each check as of `at`, before hysteresis. */
  readonly checks: readonly HealthCheck[];
  /** Clock time of this report. */
  readonly at: number;
  /** Since when `status` has been reported. */
  readonly since: number;
  /** The status the checks point to when it differs from `status`, and since when it has held. */
  readonly pending: { readonly status: HealthStatus; readonly since: number } | null;
  /**
   * Liveness: the client can still make calls at all. True while the model is running and the
   * browser is online (offline, calls cannot leave the page; they wait or fail with OFFLINE).
   */
  readonly live: boolean;
  /**
   * Readiness: connected and serving. True when `live`, every instrumented WebSocket client is
   * connected (vacuously true with none, e.g. HTTP only), and `status` is not "unhealthy".
   */
  readonly ready: boolean;
}

/** Called on every change of the reported status with the new report and the one before it. */
export type HealthListener = (current: HealthReport, previous: HealthReport) => void;

/** The WebSocket connection state, as the lens's online manager gives it. */
export interface HealthConnection {
  isConnected(): boolean;
  subscribeConnection(listener: (connected: boolean) => void): () => void;
  /** False while no WebSocket client is instrumented: the check then says "no_data". Default true. */
  hasWebSocket?(): boolean;
}

/** Whether the browser is online, as the lens's online manager gives it. */
export interface HealthOnline {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
}

/**
 * What health reads of one live subscription (`lens.subscriptions()` gives these). A subscription
 * in error keeps its last result on the page, so no call fails and only this says it is broken.
 */
export interface HealthSubscription {
  readonly functionPath: string;
  /** The failure it is in: being retried, or held while its function's breaker is open. */
  readonly error?: { readonly code: string };
}

/** Everything health reads. Sources left out make their checks report "no_data". */
export interface HealthModelOptions {
  /**
   * The rolling-window metrics (a MetricsStore). Its `subscribe`, when present, is followed while
   * someone listens, so a change in the numbers starts the hysteresis countdown at once.
   */
  readonly metrics: {
    windowTotals(kind: FunctionKind): CallStats;
    /** Calls that waited for the socket to connect: judged by the connection check. */
    windowConnectionWaits?(): ConnectionWaits;
    subscribe?(listener: () => void): () => void;
  };
  readonly online?: HealthOnline;
  readonly connection?: HealthConnection;
  /** Every breaker's state (`lens.breakers()`). */
  readonly breakers?: () => readonly BreakerSnapshot[];
  /** The live subscriptions (`lens.subscriptions()`). */
  readonly subscriptions?: () => readonly HealthSubscription[];
  /** Whether a breaker's scope (a function path or a deployment) is marked critical. */
  readonly isCritical?: (scope: string) => boolean;
  readonly thresholds?: HealthThresholdsInput;
  /** Time source for hysteresis and the re-evaluation timer. Default: the real clock. */
  readonly clock?: Clock;
  /** Re-evaluation period while someone listens, in ms (default 1,000). */
  readonly evaluateEveryMs?: number;
  /** Where throwing listeners and sources are counted. */
  readonly diagnostics?: Diagnostics;
}

const RANK: Readonly<Record<HealthStatus, number>> = { healthy: 0, degraded: 1, unhealthy: 2 };
const KINDS: readonly FunctionKind[] = ["query", "mutation", "action"];
// Open breakers named in the message; the panel lists the rest from `lens.breakers()`.
const MAX_SCOPES_NAMED = 3;

/**
 * Derives a health status from the rolling-window metrics, the connection, the network and the
 * breakers. Computed lazily on read, and at once on a connection or network edge. Only while
 * `onHealthChange` listeners exist does it also re-evaluate every `evaluateEveryMs` and after each
 * metrics change (throttled by the store), so an idle page pays nothing.
 *
 * Hysteresis: the status the checks point to must hold for `degradeAfterMs` (getting worse) or
 * `recoverAfterMs` (getting better) before it is reported. "Held" is judged at evaluations, so the
 * countdown starts at the first evaluation that sees the change. It restarts when the checks swap
 * direction (worse ↔ better); when it completes, the status the checks then point to is reported.
 * Breaker changes are seen at the next evaluation (a read, a tick or a metrics change).
 */
export class HealthModel {
  private readonly thresholds: HealthThresholds;
  private readonly clock: Clock;
  private readonly diagnostics: Diagnostics;
  private readonly evaluateEveryMs: number;
  private readonly listeners: ListenerSet<HealthListener>;
  private readonly unsubscribes: (() => void)[] = [];
  private status: HealthStatus = "healthy";
  private since: number;
  private pendingDirection: 1 | -1 | 0 = 0;
  private pendingSince = 0;
  private last: HealthReport;
  private timer: unknown;
  private stopMetrics: (() => void) | undefined;
  private disposed = false;
  private disconnectedSince: number | null = null;
  private offlineSince: number | null = null;
  private reconnects = 0;
  private disconnects = 0;

  constructor(private readonly sources: HealthModelOptions) {
    this.thresholds = resolveHealthThresholds(sources.thresholds);
    this.clock = sources.clock ?? systemClock;
    this.diagnostics = sources.diagnostics ?? new Diagnostics();
    this.listeners = new ListenerSet(this.diagnostics);
    this.evaluateEveryMs = sources.evaluateEveryMs ?? 1_000;
    if (!(this.evaluateEveryMs > 0)) {
      throw new RangeError(`evaluateEveryMs must be positive, got ${this.evaluateEveryMs}`);
    }
    this.since = this.clock.now();
    // Until the first evaluation, "before" is healthy with nothing checked yet.
    this.last = {
      status: this.status,
      checks: [],
      at: this.since,
      since: this.since,
      pending: null,
      live: true,
      ready: true,
    };
    this.watchConnection();
    this.watchOnline();
  }

  /** Evaluates the checks now and returns the report; fires `onHealthChange` if status changed. */
  health(): HealthReport {
    return this.evaluate();
  }

  /**
   * Calls `listener` on every change of the reported status, with (current, previous). A throwing
   * listener is counted in diagnostics, never propagated. Returns the unsubscribe function.
   */
  onHealthChange(listener: HealthListener): () => void {
    if (this.disposed) return () => {};
    if (this.listeners.size === 0) {
      this.evaluate(); // a baseline, so the first tick compares against now rather than the past
      this.schedule();
      const { metrics } = this.sources;
      if (metrics.subscribe) {
        this.stopMetrics = this.guard(
          "hook",
          () => metrics.subscribe?.(() => this.evaluate()),
          undefined,
        );
      }
    }
    this.listeners.add(listener);
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.cancel();
    };
  }

  /** Stops the timer and the connection subscriptions; later reports say not live. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.cancel();
    for (const unsubscribe of this.unsubscribes.splice(0)) {
      this.guard("hook", unsubscribe, undefined);
    }
  }

  /**
   * The report `health()` would return now, without moving the hysteresis or telling listeners:
   * what a render may read (React's `getSnapshot` must be pure, and a listener fired from it would
   * update other components while React renders).
   */
  peek(): HealthReport {
    return this.decide(this.clock.now()).report;
  }

  private evaluate(): HealthReport {
    const now = this.clock.now();
    this.syncEdges(now);
    const next = this.decide(now);
    const previousStatus = this.status;
    this.status = next.report.status;
    this.since = next.report.since;
    this.pendingDirection = next.pendingDirection;
    this.pendingSince = next.pendingSince;
    const previous = this.last;
    this.last = next.report;
    if (next.report.status !== previousStatus) this.emit(next.report, previous);
    return next.report;
  }

  /** The checks now and where the hysteresis would be after them; changes nothing. */
  private decide(now: number): {
    report: HealthReport;
    pendingDirection: 1 | -1 | 0;
    pendingSince: number;
  } {
    const checks = this.checks(now);
    const target = worst(checks);
    let status = this.status;
    let since = this.since;
    let pendingDirection = this.pendingDirection;
    let pendingSince = this.pendingSince;
    const direction = Math.sign(RANK[target] - RANK[status]) as 1 | -1 | 0;
    if (direction === 0) {
      pendingDirection = 0;
    } else {
      if (direction !== pendingDirection) {
        pendingDirection = direction;
        pendingSince = now;
      }
      const hold = direction > 0 ? this.thresholds.degradeAfterMs : this.thresholds.recoverAfterMs;
      if (now - pendingSince >= hold) {
        status = target;
        since = now;
        pendingDirection = 0;
      }
    }
    return {
      report: this.report(now, checks, target, status, since, pendingSince),
      pendingDirection,
      pendingSince,
    };
  }

  /** Catches up on connection and network state whose sources did not tell (no events). */
  private syncEdges(now: number): void {
    if (this.hasWebSocket()) {
      const connected = this.guard("hook", () => this.sources.connection?.isConnected(), true);
      if (connected !== false) this.disconnectedSince = null;
      else this.disconnectedSince ??= now;
    }
    const { online } = this.sources;
    if (online) {
      const isOnline = this.guard("hook", () => online.isOnline(), true);
      if (isOnline !== false) this.offlineSince = null;
      else this.offlineSince ??= now;
    }
  }

  private report(
    now: number,
    checks: readonly HealthCheck[],
    target: HealthStatus,
    status: HealthStatus,
    since: number,
    pendingSince: number,
  ): HealthReport {
    const online = this.sources.online
      ? this.guard("hook", () => this.sources.online?.isOnline(), true)
      : true;
    const live = !this.disposed && online !== false;
    const connected = this.hasWebSocket()
      ? this.guard("hook", () => this.sources.connection?.isConnected(), true) !== false
      : true;
    return {
      status,
      checks,
      at: now,
      since,
      pending: target === status ? null : { status: target, since: pendingSince },
      live,
      ready: live && connected && status !== "unhealthy",
    };
  }

  private checks(now: number): HealthCheck[] {
    const { metrics } = this.sources;
    const totals = this.guard("hook", () => KINDS.map((kind) => metrics.windowTotals(kind)), null);
    // Each check is guarded on its own: a throwing source blanks its check, not the whole report.
    const check = (name: HealthCheckName, fn: () => HealthCheck): HealthCheck =>
      this.guard("hook", fn, null) ?? noData(name, "Could not be evaluated; see diagnostics.");
    const needTotals = (name: HealthCheckName, fn: (t: readonly CallStats[]) => HealthCheck) =>
      totals === null
        ? noData(name, "Metrics unavailable; see diagnostics.")
        : check(name, () => fn(totals));
    return [
      check("connection", () => this.connectionCheck(now)),
      check("offline", () => this.offlineCheck(now)),
      needTotals("query_latency", (t) => this.queryLatencyCheck(t[0] as CallStats)),
      needTotals("mutation_success", (t) => this.mutationSuccessCheck(t[1] as CallStats)),
      needTotals("error_rate", (t) => this.errorRateCheck(t)),
      check("breakers", () => this.breakersCheck()),
      check("subscriptions", () => this.subscriptionsCheck()),
    ];
  }

  private connectionCheck(now: number): HealthCheck {
    const name = "connection";
    if (!this.hasWebSocket()) return noData(name, "No WebSocket client is instrumented.");
    const connected = this.sources.connection?.isConnected() !== false;
    const downSince = connected ? null : (this.disconnectedSince ?? now);
    const details = { connected, reconnects: this.reconnects, disconnects: this.disconnects };
    const band = this.thresholds.disconnectedMs;
    if (downSince === null) return this.connectedCheck(details);
    const downMs = now - downSince;
    const status: HealthStatus =
      downMs >= band.critical ? "unhealthy" : downMs >= band.warn ? "degraded" : "healthy";
    return {
      name,
      status,
      value: downMs,
      threshold: status === "unhealthy" ? band.critical : band.warn,
      message: `WebSocket disconnected for ${formatMs(downMs)}; the client is reconnecting.`,
      details,
    };
  }

  /**
   * The socket is up; judges how long calls waited for it to connect over the window (a cold
   * connect, a reconnect). That wait is kept out of query latency, so it is judged here alone.
   */
  private connectedCheck(details: Record<string, number | boolean>): HealthCheck {
    const name = "connection";
    const band = this.thresholds.connectWaitMs;
    const waits = this.sources.metrics.windowConnectionWaits?.();
    if (!waits || waits.calls === 0) {
      return {
        name,
        status: "healthy",
        value: 0,
        threshold: band.warn,
        message: "WebSocket connected.",
        details,
      };
    }
    const status = above(waits.maxMs, band);
    const threshold = bound(status, band);
    const who = `${waits.calls} ${plural(waits.calls, "call", "calls")} waited up to ${formatMs(waits.maxMs)} for the WebSocket to connect`;
    return {
      name,
      status,
      value: waits.maxMs,
      threshold,
      message:
        status === "healthy"
          ? `WebSocket connected; ${who} (a connect, not query latency).`
          : `Slow connect: ${who}, above ${formatMs(threshold)}; not counted as query latency.`,
      details: { ...details, waited: waits.calls, maxWaitMs: waits.maxMs },
    };
  }

  private offlineCheck(now: number): HealthCheck {
    const name = "offline";
    const { online } = this.sources;
    if (!online) return noData(name, "No online source.");
    if (online.isOnline()) {
      return { name, status: "healthy", value: 0, threshold: 0, message: "The browser is online." };
    }
    const offlineMs = now - (this.offlineSince ?? now);
    return {
      name,
      status: "unhealthy",
      value: offlineMs,
      threshold: 0,
      message: `The browser has been offline for ${formatMs(offlineMs)}; calls wait for the network.`,
    };
  }

  private queryLatencyCheck(stats: CallStats): HealthCheck {
    const name = "query_latency";
    const { latency } = stats;
    if (latency === null) return noData(name, "No timed queries in the window.", { calls: 0 });
    const avgBand = this.thresholds.queryLatencyAvgMs;
    const p95Band = this.thresholds.queryLatencyP95Ms;
    const avgStatus = above(latency.mean, avgBand);
    const p95Status = above(latency.p95, p95Band);
    const byP95 = RANK[p95Status] > RANK[avgStatus];
    const value = byP95 ? latency.p95 : latency.mean;
    // A few slow queries are weak evidence (one cold start): below minCalls, at most degraded.
    const few = latency.count < this.thresholds.minCalls;
    const judged = byP95 ? p95Status : avgStatus;
    const status = few && judged === "unhealthy" ? "degraded" : judged;
    const threshold = bound(status, byP95 ? p95Band : avgBand);
    const label = byP95 ? "p95 query latency" : "Average query latency";
    const message =
      status === "healthy"
        ? `Queries answer in ${formatMs(latency.mean)} on average, ${formatMs(latency.p95)} at p95.`
        : `${label} ${formatMs(value)} is above ${formatMs(threshold)}${few ? ` (only ${latency.count} ${plural(latency.count, "query", "queries")} in the window: too few to call it unhealthy)` : ""}.`;
    return {
      name,
      status,
      value,
      threshold,
      message,
      details: { calls: latency.count, avgMs: latency.mean, p95Ms: latency.p95 },
    };
  }

  private mutationSuccessCheck(stats: CallStats): HealthCheck {
    const name = "mutation_success";
    const { considered, failed } = systemFailures([stats]);
    if (considered === 0) return noData(name, "No mutations in the window.", { calls: 0 });
    if (considered < this.thresholds.minCalls) {
      return this.fewCallsCheck(name, considered, failed, 1 - failed / considered);
    }
    const rate = 1 - failed / considered;
    const band = this.thresholds.mutationSuccess;
    const status: HealthStatus =
      rate < band.critical ? "unhealthy" : rate < band.warn ? "degraded" : "healthy";
    const threshold = bound(status, band);
    return {
      name,
      status,
      value: rate,
      threshold,
      message:
        status === "healthy"
          ? `${formatPercent(rate)} of mutations succeeded.`
          : `Only ${formatPercent(rate)} of mutations succeeded (below ${formatPercent(threshold)}).`,
      details: { calls: considered, failed },
    };
  }

  private errorRateCheck(totals: readonly CallStats[]): HealthCheck {
    const name = "error_rate";
    const { considered, failed } = systemFailures(totals);
    if (considered === 0) return noData(name, "No calls in the window.", { calls: 0 });
    if (considered < this.thresholds.minCalls) {
      return this.fewCallsCheck(name, considered, failed, failed / considered);
    }
    const rate = failed / considered;
    const band = this.thresholds.errorRate;
    const status = above(rate, band);
    const threshold = bound(status, band);
    return {
      name,
      status,
      value: rate,
      threshold,
      message:
        status === "healthy"
          ? `${formatPercent(rate)} of calls failed for system reasons.`
          : `${formatPercent(rate)} of calls failed for system reasons (above ${formatPercent(threshold)}).`,
      details: { calls: considered, failed },
    };
  }

  /**
   * A rate check with fewer calls than `minCalls`: too few for the rate's bounds, but not too few
   * to see that nothing works. Every call failed → unhealthy; some failed → degraded; none → healthy.
   */
  private fewCallsCheck(
    name: "mutation_success" | "error_rate",
    considered: number,
    failed: number,
    value: number,
  ): HealthCheck {
    const band =
      name === "error_rate" ? this.thresholds.errorRate : this.thresholds.mutationSuccess;
    const noun =
      name === "error_rate"
        ? plural(considered, "call", "calls")
        : plural(considered, "mutation", "mutations");
    const status: HealthStatus =
      failed === 0 ? "healthy" : failed === considered ? "unhealthy" : "degraded";
    const message =
      status === "healthy"
        ? `None of the ${considered} ${noun} in the window failed (too few to judge a rate).`
        : status === "unhealthy"
          ? `${considered === 1 ? "The only" : `All ${considered}`} ${noun} in the window failed for system reasons.`
          : `${failed} of the ${considered} ${noun} in the window failed for system reasons.`;
    return {
      name,
      status,
      value,
      threshold: bound(status, band),
      message,
      details: { calls: considered, failed },
    };
  }

  private subscriptionsCheck(): HealthCheck {
    const name = "subscriptions";
    const source = this.sources.subscriptions;
    if (!source) return noData(name, "No subscription source.");
    const live = source();
    if (live.length === 0) return noData(name, "No live subscriptions.", { live: 0 });
    const failing = live.filter(
      (sub) => sub.error !== undefined && failureClass(sub.error.code) === "system",
    );
    if (failing.length === 0) {
      return {
        name,
        status: "healthy",
        value: 0,
        threshold: 0,
        message: `${live.length} live ${plural(live.length, "subscription", "subscriptions")}, none in error.`,
        details: { live: live.length },
      };
    }
    const isCritical = this.sources.isCritical;
    const critical = failing.filter((sub) => isCritical?.(sub.functionPath) === true);
    const status: HealthStatus =
      critical.length > 0 || failing.length === live.length ? "unhealthy" : "degraded";
    const named = [...new Set((critical.length > 0 ? critical : failing).map(describeFailing))];
    const shown = named.slice(0, MAX_SCOPES_NAMED).join(", ");
    const more =
      named.length > MAX_SCOPES_NAMED ? ` and ${named.length - MAX_SCOPES_NAMED} more` : "";
    return {
      name,
      status,
      value: failing.length,
      threshold: 0,
      message: `${failing.length} of ${live.length} ${plural(live.length, "subscription", "subscriptions")} in error, showing their last result: ${shown}${more}.`,
      details: { live: live.length, failing: failing.length, critical: critical.length },
    };
  }

  private breakersCheck(): HealthCheck {
    const name = "breakers";
    const source = this.sources.breakers;
    if (!source) return noData(name, "No breakers.");
    const notClosed = source().filter((breaker) => breaker.state !== "closed");
    // A half-open breaker with no probe in flight is waiting for the next call: nothing fails, and
    // without traffic nothing would ever close it, so it must not hold health down (issue 15 §3).
    const open = notClosed.filter((breaker) => !waitsForNextCall(breaker));
    const waiting = notClosed.length - open.length;
    if (open.length === 0) {
      return {
        name,
        status: "healthy",
        value: 0,
        threshold: 0,
        message:
          waiting === 0
            ? "Every breaker is closed."
            : `No breaker is open; ${waiting} half-open ${plural(waiting, "breaker is", "breakers are")} waiting for the next call.`,
        ...(waiting === 0 ? {} : { details: { open: 0, critical: 0, waiting } }),
      };
    }
    const isCritical = this.sources.isCritical;
    const critical = open.filter((breaker) => isCritical?.(breaker.scope) === true);
    const status: HealthStatus = critical.length > 0 ? "unhealthy" : "degraded";
    const named = (critical.length > 0 ? critical : open).slice(0, MAX_SCOPES_NAMED);
    const more = open.length - named.length;
    const list = named
      .map((breaker) => `${breaker.scope} (${breaker.state === "open" ? "open" : "probing"})`)
      .join(", ");
    return {
      name,
      status,
      value: open.length,
      threshold: 0,
      message: `${critical.length > 0 ? "Critical breaker open" : "Breaker open"}: ${list}${more > 0 ? ` and ${more} more` : ""}.`,
      details: { open: open.length, critical: critical.length, waiting },
    };
  }

  private hasWebSocket(): boolean {
    const { connection } = this.sources;
    if (!connection) return false;
    return this.guard("hook", () => connection.hasWebSocket?.() ?? true, false);
  }

  private watchConnection(): void {
    const { connection } = this.sources;
    if (!connection) return;
    const initially = this.guard("hook", () => connection.isConnected(), true);
    if (!initially) this.disconnectedSince = this.clock.now();
    const unsubscribe = this.guard(
      "hook",
      () =>
        connection.subscribeConnection((connected) => {
          if (connected) {
            if (this.disconnectedSince !== null) this.reconnects++;
            this.disconnectedSince = null;
          } else if (this.disconnectedSince === null) {
            this.disconnects++;
            this.disconnectedSince = this.clock.now();
          }
          this.onEdge();
        }),
      undefined,
    );
    if (unsubscribe) this.unsubscribes.push(unsubscribe);
  }

  private watchOnline(): void {
    const { online } = this.sources;
    if (!online) return;
    if (!this.guard("hook", () => online.isOnline(), true)) this.offlineSince = this.clock.now();
    const unsubscribe = this.guard(
      "hook",
      () =>
        online.subscribe((isOnline) => {
          if (isOnline) this.offlineSince = null;
          else this.offlineSince ??= this.clock.now();
          this.onEdge();
        }),
      undefined,
    );
    if (unsubscribe) this.unsubscribes.push(unsubscribe);
  }

  /** A connection or network edge is rare and exact: evaluate at once so hysteresis starts there. */
  private onEdge(): void {
    if (this.disposed) return;
    this.guard("hook", () => this.evaluate(), undefined);
  }

  private emit(current: HealthReport, previous: HealthReport): void {
    this.listeners.notify(current, previous);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.evaluate();
      if (this.listeners.size > 0 && !this.disposed) this.schedule();
    }, this.evaluateEveryMs);
  }

  private cancel(): void {
    const stopMetrics = this.stopMetrics;
    this.stopMetrics = undefined;
    if (stopMetrics) this.guard("hook", stopMetrics, undefined);
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private guard<T, F>(source: "hook" | "listener", fn: () => T, fallback: F): T | F {
    return safeExecute<T | F>(this.diagnostics, source, fn, fallback);
  }
}

function worst(checks: readonly HealthCheck[]): HealthStatus {
  let status: HealthStatus = "healthy";
  for (const check of checks) {
    if (check.status !== "no_data" && RANK[check.status] > RANK[status]) status = check.status;
  }
  return status;
}

function above(value: number, band: ThresholdBand): HealthStatus {
  return value > band.critical ? "unhealthy" : value > band.warn ? "degraded" : "healthy";
}

function bound(status: HealthStatus, band: ThresholdBand): number {
  return status === "unhealthy" ? band.critical : band.warn;
}

/** Calls that count for rates (all but cancelled ones) and those that failed for system reasons. */
function systemFailures(stats: readonly CallStats[]): { considered: number; failed: number } {
  let considered = 0;
  let failed = 0;
  for (const s of stats) {
    considered += s.calls;
    for (const [code, n] of Object.entries(s.failuresByCode)) {
      const cls = failureClass(code);
      if (cls === "system") failed += n ?? 0;
      else if (cls === "cancelled") considered -= n ?? 0;
    }
  }
  return { considered, failed };
}

function noData(
  name: HealthCheckName,
  message: string,
  details?: Record<string, number>,
): HealthCheck {
  return details === undefined
    ? { name, status: "no_data", value: null, threshold: null, message }
    : { name, status: "no_data", value: null, threshold: null, message, details };
}

function describeFailing(sub: HealthSubscription): string {
  return `${sub.functionPath} (${sub.error?.code})`;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/**
 * Whether a breaker is half-open with no probe in flight: it lets the next call through as a probe
 * and decides then. Shown as "waiting for the next call", never as "probing", and not unhealthy.
 */
export function waitsForNextCall(breaker: BreakerSnapshot): boolean {
  return breaker.state === "half-open" && breaker.halfOpenInFlight === 0;
}
