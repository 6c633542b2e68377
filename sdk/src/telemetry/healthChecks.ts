import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import { failureClass } from "./failureClass.js";
import type { HealthThresholds, ThresholdBand } from "./healthThresholds.js";
import type { CallStats, ConnectionWaits } from "./metricsStore.js";

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
   * ms (query_latency: the average, unless the p95 gives the worse verdict; `details.statistic`
   * says which), a fraction (mutation_success, error_rate), open breakers (breakers), subscriptions
   * in error (subscriptions). `null` with no data.
   */
  readonly value: number | null;
  /** The bound `value` was judged against: the critical one when unhealthy, else the warning one. */
  readonly threshold: number | null;
  /** One sentence for people. */
  readonly message: string;
  /** The other numbers worth showing (calls, p95, reconnects, open scopes…). */
  readonly details?: Readonly<Record<string, number | string | boolean | null>>;
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

/** A source as health read it: `undefined` when the lens has none, `null` when reading it threw. */
export type Reading<T> = T | undefined | null;

/** The WebSocket as the connection check judges it. */
export interface ConnectionReading {
  readonly connected: boolean;
  /** When the socket went down (or the lens started waiting for its first connect); null while up. */
  readonly downSince: number | null;
  /** Whether the socket has connected at least once: before that it is connecting, not reconnecting. */
  readonly everConnected: boolean;
  readonly reconnects: number;
  readonly disconnects: number;
  /** Calls that waited for the socket to connect over the window, when the metrics track it. */
  readonly waits?: ConnectionWaits;
}

/** One snapshot of everything the checks judge, taken at `now`. */
export interface HealthInputs {
  readonly now: number;
  readonly thresholds: HealthThresholds;
  /** The rolling window's totals by kind; null when reading them threw. */
  readonly totals: {
    readonly query: CallStats;
    readonly mutation: CallStats;
    readonly action: CallStats;
  } | null;
  /** `undefined` while no WebSocket client is instrumented. */
  readonly connection: Reading<ConnectionReading>;
  /** When the browser went offline; `offlineSince` is null while it is online. */
  readonly network: Reading<{ readonly offlineSince: number | null }>;
  /** Every breaker's state. */
  readonly breakers: Reading<readonly BreakerSnapshot[]>;
  /** The live subscriptions. */
  readonly subscriptions: Reading<readonly HealthSubscription[]>;
  /** Whether a breaker's scope or a subscription's function is marked critical. */
  readonly isCritical: (scope: string) => boolean;
}

/** A check's verdict before it is named. */
type Verdict = Omit<HealthCheck, "name">;
type Details = Record<string, number | string | boolean>;
type Source = Exclude<keyof HealthInputs, "now" | "thresholds" | "isCritical">;

/** One check: its name, the one source it judges, and the pure function that judges it. */
interface CheckDefinition<S extends Source> {
  readonly name: HealthCheckName;
  readonly reads: S;
  judge(source: Exclude<HealthInputs[S], null>, inputs: HealthInputs): Verdict;
}

/** A check of any source, each entry typed by the source it names. */
type AnyCheck = { [S in Source]: CheckDefinition<S> }[Source];

// Open breakers and failing subscriptions named in a message; the panel lists the rest.
const MAX_SCOPES_NAMED = 3;

/** Every check, in report order (docs/health-and-alerts.md's table follows it). */
export const HEALTH_CHECKS: readonly AnyCheck[] = [
  {
    name: "connection",
    reads: "connection",
    judge(socket, { now, thresholds }) {
      if (!socket) return noData("No instrumented client has a WebSocket open.");
      const { connected, reconnects, disconnects, downSince, everConnected, waits } = socket;
      const details: Details = { connected, reconnects, disconnects };
      if (downSince !== null) {
        const downMs = now - downSince;
        // A socket that connected and dropped is judged by how long it has been down; a first
        // connect still pending, by how long the calls have waited for it.
        const limits = everConnected ? thresholds.disconnectedMs : thresholds.connectWaitMs;
        const { status, threshold } = band(downMs, limits, everConnected ? atLeast : above);
        const message = everConnected
          ? `WebSocket disconnected for ${formatMs(downMs)}; the client is reconnecting.`
          : `WebSocket has not connected yet (${formatMs(downMs)}); the client is connecting.`;
        return verdict(status, downMs, threshold, message, details);
      }
      // The socket is up: judged by how long calls waited for it to connect over the window (a
      // cold connect, a reconnect). That wait is kept out of query latency, so it is judged here,
      // and degrades at most: the wait is over, and while it lasted the live check above judged it.
      // An unhealthy report after the socket is back would say "not ready" of a client that is.
      const threshold = thresholds.connectWaitMs.warn;
      if (!waits?.calls) return verdict("healthy", 0, threshold, "WebSocket connected.", details);
      const status = above(waits.maxMs, threshold) ? "degraded" : "healthy";
      const who = `${count(waits.calls, "call")} waited up to ${formatMs(waits.maxMs)} for the WebSocket to connect`;
      return verdict(
        status,
        waits.maxMs,
        threshold,
        status === "healthy"
          ? `WebSocket connected; ${who} (a connect, not query latency).`
          : `Slow connect: ${who}, above ${formatMs(threshold)}; connected now, and not counted as query latency.`,
        { ...details, waited: waits.calls, maxWaitMs: waits.maxMs },
      );
    },
  },
  {
    name: "offline",
    reads: "network",
    judge(network, { now }) {
      if (!network) return noData("No online source.");
      if (network.offlineSince === null) return verdict("healthy", 0, 0, "The browser is online.");
      const offlineMs = now - network.offlineSince;
      return verdict(
        "unhealthy",
        offlineMs,
        0,
        `The browser has been offline for ${formatMs(offlineMs)}; calls wait for the network.`,
      );
    },
  },
  {
    name: "query_latency",
    reads: "totals",
    judge(totals, { thresholds }) {
      const latency = totals.query.latency;
      if (!latency) return noData("No timed queries in the window.", { calls: 0 });
      const average = band(latency.mean, thresholds.queryLatencyAvgMs, above);
      const p95 = band(latency.p95, thresholds.queryLatencyP95Ms, above);
      const byP95 = RANK[p95.status] > RANK[average.status];
      const value = byP95 ? latency.p95 : latency.mean;
      const limits = byP95 ? thresholds.queryLatencyP95Ms : thresholds.queryLatencyAvgMs;
      // A few slow queries are weak evidence (one cold start of a backend takes 150 ms): below
      // minCalls, only what is past the critical bound counts, and only as degraded.
      const few = latency.count < thresholds.minCalls;
      const { status, threshold } = band(
        value,
        few ? { warn: limits.critical, critical: Infinity } : limits,
        above,
      );
      const tooFew = few ? ` (only ${count(latency.count, "query")} in the window` : "";
      return verdict(
        status,
        value,
        threshold,
        status === "healthy"
          ? `Queries answer in ${formatMs(latency.mean)} on average, ${formatMs(latency.p95)} at p95${few && value > limits.warn ? `${tooFew}: too few to judge)` : ""}.`
          : `${byP95 ? "p95 query latency" : "Average query latency"} ${formatMs(value)} is above ${formatMs(threshold)}${few ? `${tooFew}: too few to call it unhealthy)` : ""}.`,
        {
          calls: latency.count,
          avgMs: latency.mean,
          p95Ms: latency.p95,
          statistic: byP95 ? "p95" : "average",
        },
      );
    },
  },
  {
    name: "mutation_success",
    reads: "totals",
    judge: (totals, { thresholds }) =>
      rateVerdict([totals.mutation], "mutation", "success", thresholds.mutationSuccess, thresholds),
  },
  {
    name: "error_rate",
    reads: "totals",
    judge: (totals, { thresholds }) =>
      rateVerdict(
        [totals.query, totals.mutation, totals.action],
        "call",
        "failure",
        thresholds.errorRate,
        thresholds,
      ),
  },
  {
    name: "breakers",
    reads: "breakers",
    judge(breakers, { isCritical }) {
      if (!breakers) return noData("No breakers.");
      const notClosed = breakers.filter((breaker) => breaker.state !== "closed");
      // A half-open breaker with no probe in flight is waiting for the next call: nothing fails, and
      // without traffic nothing would ever close it, so it must not hold health down (issue 15 §3).
      const open = notClosed.filter((breaker) => !waitsForNextCall(breaker));
      const waiting = notClosed.length - open.length;
      if (open.length === 0) {
        return waiting === 0
          ? verdict("healthy", 0, 0, "Every breaker is closed.")
          : verdict(
              "healthy",
              0,
              0,
              `No breaker is open; ${waiting} half-open ${waiting === 1 ? "breaker is" : "breakers are"} waiting for the next call.`,
              { open: 0, critical: 0, waiting },
            );
      }
      const critical = open.filter((breaker) => isCritical(breaker.scope));
      const named = (critical.length > 0 ? critical : open).map(
        (breaker) => `${breaker.scope} (${breaker.state === "open" ? "open" : "probing"})`,
      );
      return verdict(
        critical.length > 0 ? "unhealthy" : "degraded",
        open.length,
        0,
        `${critical.length > 0 ? "Critical breaker open" : "Breaker open"}: ${listed(named, open.length)}.`,
        { open: open.length, critical: critical.length, waiting },
      );
    },
  },
  {
    name: "subscriptions",
    reads: "subscriptions",
    judge(live, { isCritical }) {
      if (!live) return noData("No subscription source.");
      if (live.length === 0) return noData("No live subscriptions.", { live: 0 });
      const failing = live.filter(
        (sub) => sub.error !== undefined && failureClass(sub.error.code) === "system",
      );
      if (failing.length === 0) {
        return verdict(
          "healthy",
          0,
          0,
          `${live.length} live ${plural(live.length, "subscription")}, none in error.`,
          { live: live.length },
        );
      }
      const critical = failing.filter((sub) => isCritical(sub.functionPath));
      const named = [
        ...new Set(
          (critical.length > 0 ? critical : failing).map(
            (sub) => `${sub.functionPath} (${sub.error?.code})`,
          ),
        ),
      ];
      return verdict(
        critical.length > 0 || failing.length === live.length ? "unhealthy" : "degraded",
        failing.length,
        0,
        `${failing.length} of ${count(live.length, "subscription")} in error, showing their last result: ${listed(named, named.length)}.`,
        { live: live.length, failing: failing.length, critical: critical.length },
      );
    },
  },
];

/**
 * Judges one check against `inputs`. A source that threw when read makes its check say "no_data";
 * the reading was counted in diagnostics.
 */
export function judgeCheck<S extends Source>(
  check: CheckDefinition<S>,
  inputs: HealthInputs,
): HealthCheck {
  const source = inputs[check.reads];
  if (source === null) return unevaluated(check.name);
  return { name: check.name, ...check.judge(source as Exclude<HealthInputs[S], null>, inputs) };
}

/** A check whose source or judgement threw (counted in diagnostics): it says "no_data". */
export function unevaluated(name: HealthCheckName): HealthCheck {
  return { name, ...noData("Could not be evaluated; see diagnostics.") };
}

/** How bad a status is, for picking the worst. */
export const RANK: Readonly<Record<HealthStatus, number>> = {
  healthy: 0,
  degraded: 1,
  unhealthy: 2,
};

/** Whether `value` is worse than `bound` for a band. */
type Worse = (value: number, bound: number) => boolean;
const above: Worse = (value, bound) => value > bound;
const atLeast: Worse = (value, bound) => value >= bound;
const below: Worse = (value, bound) => value < bound;

/** The status of `value` in `limits`, and the bound it was judged by. */
function band(
  value: number,
  limits: ThresholdBand,
  worse: Worse,
): { status: HealthStatus; threshold: number } {
  const status = worse(value, limits.critical)
    ? "unhealthy"
    : worse(value, limits.warn)
      ? "degraded"
      : "healthy";
  return { status, threshold: boundOf(status, limits) };
}

function boundOf(status: HealthStatus, limits: ThresholdBand): number {
  return status === "unhealthy" ? limits.critical : limits.warn;
}

/**
 * A rate over `stats`' calls (`noun`, singular): the share that succeeded, judged from below, or the
 * share that failed for system reasons, judged from above. With fewer calls than `minCalls` the
 * bounds do not apply, but nothing working still shows: every call failed → unhealthy; some →
 * degraded; none → healthy.
 */
function rateVerdict(
  stats: readonly CallStats[],
  noun: string,
  share: "success" | "failure",
  limits: ThresholdBand,
  { minCalls }: HealthThresholds,
): Verdict {
  const { considered, failed, appFailed } = systemFailures(stats);
  if (considered === 0) return noData(`No ${noun}s in the window.`, { calls: 0 });
  const success = share === "success";
  const value = success ? 1 - failed / considered : failed / considered;
  const details = { calls: considered, failed, appFailed };
  // The app's own answers (a ConvexError, a validation error) are not the backend failing: said
  // apart, so "100 % did not fail" never reads as "every one succeeded".
  const apps = appFailed > 0 ? `; ${appFailed} failed with the app's own error` : "";
  if (considered >= minCalls) {
    const { status, threshold } = band(value, limits, success ? below : above);
    const bound =
      status === "healthy" ? "" : ` (${success ? "below" : "above"} ${formatPercent(threshold)})`;
    const message = success
      ? `${noun[0]?.toUpperCase()}${noun.slice(1)} success ${formatPercent(value)}${bound}: ${formatPercent(failed / considered)} failed for system reasons${apps}.`
      : `${formatPercent(value)} of ${noun}s failed for system reasons${bound}${apps}.`;
    return verdict(status, value, threshold, message, details);
  }
  const status: HealthStatus =
    failed === 0 ? "healthy" : failed === considered ? "unhealthy" : "degraded";
  const nouns = plural(considered, noun);
  const which =
    status === "degraded"
      ? `${failed} of the ${considered}`
      : considered === 1
        ? "The only"
        : `All ${considered}`;
  const message =
    status === "healthy"
      ? `None of the ${considered} ${nouns} in the window failed for system reasons (too few to judge a rate)${apps}.`
      : `${which} ${nouns} in the window failed for system reasons${apps}.`;
  return verdict(status, value, boundOf(status, limits), message, details);
}

/**
 * Calls that count for rates (all but cancelled ones), those that failed for system reasons, and
 * those that failed with the app's own answer.
 */
function systemFailures(stats: readonly CallStats[]): {
  considered: number;
  failed: number;
  appFailed: number;
} {
  let considered = 0;
  let failed = 0;
  let appFailed = 0;
  for (const s of stats) {
    considered += s.calls;
    for (const [code, n] of Object.entries(s.failuresByCode)) {
      const cls = failureClass(code);
      if (cls === "system") failed += n ?? 0;
      else if (cls === "application") appFailed += n ?? 0;
      else considered -= n ?? 0;
    }
  }
  return { considered, failed, appFailed };
}

/**
 * Whether a breaker is half-open with no probe in flight: it lets the next call through as a probe
 * and decides then. Shown as "waiting for the next call", never as "probing", and not unhealthy.
 */
function waitsForNextCall(breaker: BreakerSnapshot): boolean {
  return breaker.state === "half-open" && breaker.halfOpenInFlight === 0;
}

/** A check's verdict; `details` is left out when there are none. */
function verdict(
  status: CheckStatus,
  value: number | null,
  threshold: number | null,
  message: string,
  details?: Details,
): Verdict {
  return details
    ? { status, value, threshold, message, details }
    : { status, value, threshold, message };
}

function noData(message: string, details?: Details): Verdict {
  return verdict("no_data", null, null, message, details);
}

/** The first {@link MAX_SCOPES_NAMED} of `names`, and how many of `total` were left out. */
function listed(names: readonly string[], total: number): string {
  const shown = names.slice(0, MAX_SCOPES_NAMED);
  const more = total - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

/** `noun` for `n` of it: "call", "calls"; "query", "queries". */
function plural(n: number, noun: string): string {
  return n === 1 ? noun : noun.endsWith("y") ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

/** "1 call", "3 calls". */
function count(n: number, noun: string): string {
  return `${n} ${plural(n, noun)}`;
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
