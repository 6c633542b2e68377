import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { FunctionKind } from "../core/callTarget.js";
import { type Clock, systemClock } from "../core/clock.js";
import type { ConnectionCause } from "../core/connectionCause.js";
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
  /** A change without a cause is taken as a socket's own (a drop or a reconnect). */
  subscribeConnection(listener: (connected: boolean, cause?: ConnectionCause) => void): () => void;
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
  private readonly sources: HealthModelOptions;
  private readonly thresholds: HealthThresholds;
  private readonly clock: Clock;
  private readonly diagnostics: Diagnostics;
  private readonly everyMs: number;
  private readonly listeners: ListenerSet<HealthListener>;
  private readonly unsubscribes: (() => void)[] = [];
  private state: Hysteresis;
  private last: HealthReport;
  private timer: unknown;
  private stopMetrics: (() => void) | undefined;
  private disposed = false;
  private downSince: number | null = null;
  private offlineSince: number | null = null;
  private reconnects = 0;
  private disconnects = 0;
  /** A socket that has not connected yet is connecting, not reconnecting: no drop is counted. */
  private everConnected = false;
  /** Whether the socket is down from a counted drop: only then is its coming back a reconnect. */
  private dropped = false;

  constructor(sources: HealthModelOptions) {
    this.sources = sources;
    this.thresholds = resolveHealthThresholds(sources.thresholds);
    this.clock = sources.clock ?? systemClock;
    this.diagnostics = sources.diagnostics ?? new Diagnostics();
    this.listeners = new ListenerSet(this.diagnostics);
    this.everyMs = sources.evaluateEveryMs ?? 1_000;
    // Not an option of the health module (an app cannot set it), but a direct user's mistake.
    if (!(this.everyMs > 0)) {
      throw new RangeError(`evaluateEveryMs must be positive, got ${this.everyMs}`);
    }
    const now = this.clock.now();
    this.state = { status: "healthy", since: now, direction: 0, pendingSince: 0 };
    // Until the first evaluation, "before" is healthy with nothing checked yet.
    this.last = {
      status: "healthy",
      checks: [],
      at: now,
      since: now,
      pending: null,
      live: true,
      ready: true,
    };
    const { connection, online } = sources;
    if (connection) {
      const connected = this.safe(() => connection.isConnected(), true);
      if (!connected) this.downSince = now;
      // With no WebSocket client instrumented, "connected" is vacuous: an app instruments its
      // client after createLens, and that client's first connect is not a reconnect. The same
      // holds once every client is closed.
      this.everConnected = connected && this.followsSocket(connection);
      this.watch(() =>
        connection.subscribeConnection((connected, cause = "socket") => {
          // A client followed or closed changes the state without a drop or a reconnect.
          const bySocket = cause === "socket";
          if (connected) {
            if (bySocket && this.dropped) this.reconnects++;
            this.everConnected = this.followsSocket(connection);
            this.downSince = null;
            this.dropped = false;
          } else if (this.downSince === null) {
            this.dropped = bySocket && this.everConnected;
            if (this.dropped) this.disconnects++;
            this.downSince = this.clock.now();
          }
          this.onEdge();
        }),
      );
    }
    if (online) {
      if (!this.safe(() => online.isOnline(), true)) this.offlineSince = now;
      this.watch(() =>
        online.subscribe((isOnline) => {
          if (isOnline) this.offlineSince = null;
          else this.offlineSince ??= this.clock.now();
          this.onEdge();
        }),
      );
    }
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
        this.stopMetrics = this.safe(() => metrics.subscribe?.(() => this.evaluate()), undefined);
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
    for (const unsubscribe of this.unsubscribes.splice(0)) this.safe(unsubscribe, undefined);
  }

  /**
   * The report `health()` would return now, without moving the hysteresis or telling listeners:
   * what a render may read (React's `getSnapshot` must be pure, and a listener fired from it would
   * update other components while React renders).
   */
  peek(): HealthReport {
    return this.decide(this.inputs(this.clock.now()))[0];
  }

  private evaluate(): HealthReport {
    const inputs = this.inputs(this.clock.now());
    // Catch up on connection and network state whose sources did not tell (no events).
    if (inputs.connection) {
      this.downSince = inputs.connection.downSince;
      // A client instrumented already connected says nothing: its socket is seen up here.
      if (inputs.connection.connected) this.everConnected = true;
    }
    if (inputs.network) this.offlineSince = inputs.network.offlineSince;
    const [report, state] = this.decide(inputs);
    const previous = this.last;
    const changed = report.status !== this.state.status;
    this.state = state;
    this.last = report;
    if (changed) this.listeners.notify(report, previous);
    return report;
  }

  /** The checks now and where the hysteresis would be after them; changes nothing. */
  private decide(inputs: HealthInputs): [HealthReport, Hysteresis] {
    const { now, connection, network } = inputs;
    // Each check is guarded on its own: one that throws is blanked, not the whole report.
    const checks = HEALTH_CHECKS.map(
      (check) => this.safe(() => judgeCheck(check, inputs), null) ?? unevaluated(check.name),
    );
    let target: HealthStatus = "healthy";
    for (const check of checks) {
      if (check.status !== "no_data" && RANK[check.status] > RANK[target]) target = check.status;
    }
    let { status, since, direction: pending, pendingSince } = this.state;
    const direction = Math.sign(RANK[target] - RANK[status]) as Direction;
    if (direction === 0) {
      pending = 0;
    } else {
      if (direction !== pending) {
        pending = direction;
        pendingSince = now;
      }
      const hold = direction > 0 ? this.thresholds.degradeAfterMs : this.thresholds.recoverAfterMs;
      if (now - pendingSince >= hold) {
        status = target;
        since = now;
        pending = 0;
      }
    }
    // A source that could not be read counts as online and connected: health never blocks on it.
    const live = !this.disposed && !(network && network.offlineSince !== null);
    const connected = !connection || connection.connected;
    const report: HealthReport = {
      status,
      checks,
      at: now,
      since,
      pending: target === status ? null : { status: target, since: pendingSince },
      live,
      ready: live && connected && status !== "unhealthy",
    };
    return [report, { status, since, direction: pending, pendingSince }];
  }

  /** One snapshot of every source, each read on its own: a throwing one blanks only its checks. */
  private inputs(now: number): HealthInputs {
    const { metrics, online, connection, breakers, subscriptions, isCritical } = this.sources;
    const read = <T>(source: () => T): T | null => this.safe(source, null);
    return {
      now,
      thresholds: this.thresholds,
      totals: read(() => ({
        query: metrics.windowTotals("query"),
        mutation: metrics.windowTotals("mutation"),
        action: metrics.windowTotals("action"),
      })),
      connection:
        connection && this.followsSocket(connection)
          ? read(() => {
              const connected = connection.isConnected() !== false;
              return {
                connected,
                downSince: connected ? null : (this.downSince ?? now),
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

  /** Whether any WebSocket client is followed: assumed without `hasWebSocket`, denied if it throws. */
  private followsSocket(connection: HealthConnection): boolean {
    return this.safe(() => connection.hasWebSocket?.() ?? true, false);
  }

  /** Follows a source's edges until dispose. */
  private watch(subscribe: () => () => void): void {
    const unsubscribe = this.safe(subscribe, undefined);
    if (unsubscribe) this.unsubscribes.push(unsubscribe);
  }

  /** A connection or network edge is rare and exact: evaluate at once so hysteresis starts there. */
  private onEdge(): void {
    if (!this.disposed) this.safe(() => this.evaluate(), undefined);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.evaluate();
      if (this.listeners.size > 0 && !this.disposed) this.schedule();
    }, this.everyMs);
  }

  private cancel(): void {
    const stopMetrics = this.stopMetrics;
    this.stopMetrics = undefined;
    if (stopMetrics) this.safe(stopMetrics, undefined);
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs a source or hook: a throw is counted in diagnostics and `fallback` returned instead. */
  private safe<T, F>(fn: () => T, fallback: F): T | F {
    return safeExecute<T | F>(this.diagnostics, "hook", fn, fallback);
  }
}

type Direction = 1 | -1 | 0;

/** Where the hysteresis stands: the reported status, and the change pending since when. */
interface Hysteresis {
  readonly status: HealthStatus;
  readonly since: number;
  /** Which way the checks point away from `status` (worse 1, better −1), 0 when they agree. */
  readonly direction: Direction;
  readonly pendingSince: number;
}
