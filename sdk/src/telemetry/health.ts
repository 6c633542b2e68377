import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { FunctionKind } from "../core/callTarget.js";
import { type Clock, systemClock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import { Diagnostics } from "./diagnostics.js";
import {
  HEALTH_CHECKS,
  type HealthCheck,
  type HealthInputs,
  type HealthStatus,
  type HealthSubscription,
  judgeCheck,
  RANK,
  unevaluated,
} from "./healthChecks.js";
import {
  type HealthThresholds,
  type HealthThresholdsInput,
  resolveHealthThresholds,
} from "./healthThresholds.js";
import type { CallStats, ConnectionWaits } from "./metricsStore.js";
import { safeExecute } from "./safeExecute.js";

// The check vocabulary is defined beside the checks; the public entry takes it from here.
export type { CheckStatus, HealthCheck, HealthCheckName, HealthStatus } from "./healthChecks.js";

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
 *
 * The checks are the table in healthChecks.ts, each a pure function of one snapshot of the sources;
 * this class reads that snapshot, keeps the connection and network edges, the hysteresis and the
 * listeners.
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
  /** A socket that has not connected yet is connecting, not reconnecting: no drop is counted. */
  private everConnected = false;

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
    return this.decide(this.inputs(this.clock.now())).report;
  }

  private evaluate(): HealthReport {
    const inputs = this.inputs(this.clock.now());
    this.syncEdges(inputs);
    const next = this.decide(inputs);
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
  private decide(inputs: HealthInputs): {
    report: HealthReport;
    pendingDirection: 1 | -1 | 0;
    pendingSince: number;
  } {
    const { now } = inputs;
    // Each check is guarded on its own: one that throws is blanked, not the whole report.
    const checks = HEALTH_CHECKS.map(
      (check) =>
        this.guard("hook", () => judgeCheck(check, inputs), null) ?? unevaluated(check.name),
    );
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
      report: this.report(inputs, checks, target, status, since, pendingSince),
      pendingDirection,
      pendingSince,
    };
  }

  /** Catches up on connection and network state whose sources did not tell (no events). */
  private syncEdges({ connection, network }: HealthInputs): void {
    if (connection) this.disconnectedSince = connection.downSince;
    if (network) this.offlineSince = network.offlineSince;
  }

  private report(
    { now, connection, network }: HealthInputs,
    checks: readonly HealthCheck[],
    target: HealthStatus,
    status: HealthStatus,
    since: number,
    pendingSince: number,
  ): HealthReport {
    // A source that could not be read counts as online and connected: health never blocks on it.
    const live = !this.disposed && !(network && network.offlineSince !== null);
    const connected = !connection || connection.connected;
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

  /** One snapshot of every source, each read on its own: a throwing one blanks only its checks. */
  private inputs(now: number): HealthInputs {
    const { metrics, online, connection, breakers, subscriptions, isCritical } = this.sources;
    const read = <T>(source: () => T): T | null => this.guard("hook", source, null);
    return {
      now,
      thresholds: this.thresholds,
      totals: read(() => ({
        query: metrics.windowTotals("query"),
        mutation: metrics.windowTotals("mutation"),
        action: metrics.windowTotals("action"),
      })),
      connection:
        connection && this.hasWebSocket()
          ? read(() => {
              const connected = connection.isConnected() !== false;
              return {
                connected,
                downSince: connected ? null : (this.disconnectedSince ?? now),
                everConnected: this.everConnected || connected,
                reconnects: this.reconnects,
                disconnects: this.disconnects,
                waits: connected ? metrics.windowConnectionWaits?.() : undefined,
              };
            })
          : undefined,
      network:
        online &&
        read(() => ({ offlineSince: online.isOnline() ? null : (this.offlineSince ?? now) })),
      breakers: breakers && read(breakers),
      subscriptions: subscriptions && read(subscriptions),
      isCritical: (scope) => isCritical?.(scope) === true,
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
    this.everConnected = initially;
    if (!initially) this.disconnectedSince = this.clock.now();
    const unsubscribe = this.guard(
      "hook",
      () =>
        connection.subscribeConnection((connected) => {
          if (connected) {
            if (this.everConnected && this.disconnectedSince !== null) this.reconnects++;
            this.everConnected = true;
            this.disconnectedSince = null;
          } else if (this.disconnectedSince === null) {
            if (this.everConnected) this.disconnects++;
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
