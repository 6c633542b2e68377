import type { FunctionKind } from "../core/callTarget.js";
import { type Clock, systemClock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import type { ErrorCode } from "../errors/index.js";
import type { CallRecord } from "./callRecord.js";
import { DDSketch } from "./ddsketch.js";
import { Diagnostics } from "./diagnostics.js";

/** Options of {@link MetricsStore}. `undefined` means the default. */
export interface MetricsStoreOptions {
  /** Time source for the rolling window and the notification throttle. Default: the real clock. */
  clock?: Clock;
  /** Length of the rolling window, in ms (default 60,000). */
  windowMs?: number;
  /**
   * Sub-windows the rolling window is cut into (default 6, i.e. 10 s each). The window read covers
   * the current, partly filled sub-window plus the ones before it: between `windowMs·(n−1)/n` and
   * `windowMs` of history. More sub-windows track more closely and cost more memory.
   */
  windowBuckets?: number;
  /** Most (function, kind) series kept (default 500); see {@link OVERFLOW_FUNCTION_PATH}. */
  maxSeries?: number;
  /** Slowest calls kept per series (default 5). */
  slowestCount?: number;
  /** Listeners are called at most this often, in ms (default 250). */
  notifyIntervalMs?: number;
  /** Relative accuracy of the latency quantiles (default 0.01). */
  relativeAccuracy?: number;
  /** Where a throwing listener is counted (source "listener"). */
  diagnostics?: Diagnostics;
}

/**
 * Past `maxSeries` functions, calls to new functions are counted under this path (one series per
 * kind), so totals and health stay right while memory stays bounded; the calls are also counted in
 * `overflowCalls`. OpenTelemetry's metrics SDK does the same with its `otel.metric.overflow` series.
 */
export const OVERFLOW_FUNCTION_PATH = "(other)";

/** Latency of the calls in a span of time, in milliseconds. Quantiles are within 1% (DDSketch). */
export interface LatencyStats {
  /**
   * Calls timed, by the function's own latency (without a wait for the socket): every call except
   * those an open breaker refused (CIRCUIT_OPEN), which never ran, and a subscription's failures
   * after its first result, which nothing timed.
   */
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

/** Outcomes and latency of the calls in a span of time (the session, or the rolling window). */
export interface CallStats {
  readonly calls: number;
  readonly successes: number;
  /** Every failed call, whatever its code (health's error rate is narrower; see failureClass.ts). */
  readonly failures: number;
  readonly failuresByCode: Readonly<Partial<Record<ErrorCode, number>>>;
  /** failures / calls; `null` with no calls. */
  readonly errorRate: number | null;
  /** `null` when no call was timed. */
  readonly latency: LatencyStats | null;
}

/** One of the slowest calls, with the ids to open its trace. */
export interface SlowCall {
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly durationMs: number;
  /** Epoch ms, from the call record. */
  readonly startedAt: number;
  readonly traceId: string;
  readonly spanId: string;
  /** `null` for a call that succeeded. */
  readonly code: ErrorCode | null;
}

/** Metrics of one function of one kind. */
export interface FunctionMetrics {
  readonly functionPath: string;
  readonly kind: FunctionKind;
  /** Since the store was created or cleared. */
  readonly session: CallStats;
  /** Over the rolling window. */
  readonly window: CallStats;
  /** Slowest calls of the session, slowest first. */
  readonly slowest: readonly SlowCall[];
  /** Clock time (the store's clock) of the last call. */
  readonly lastCallAt: number;
}

/** Every function of one kind together. */
export interface KindMetrics {
  readonly kind: FunctionKind;
  readonly session: CallStats;
  readonly window: CallStats;
  readonly slowest: readonly SlowCall[];
}

/** Plain data for `lens.metrics()`, the hooks and the DevTools panel. */
export interface MetricsSnapshot {
  /** Clock time of the snapshot. */
  readonly at: number;
  /** The store's change counter when the snapshot was taken. */
  readonly version: number;
  readonly windowMs: number;
  /** Per function and kind, sorted by path then kind. */
  readonly functions: readonly FunctionMetrics[];
  readonly totals: Readonly<Record<FunctionKind, KindMetrics>>;
  /** Calls counted under {@link OVERFLOW_FUNCTION_PATH} because the series cap was reached. */
  readonly overflowCalls: number;
}

/** The fields of a {@link CallRecord} the store reads. */
export type MetricsCall = Pick<
  CallRecord,
  "functionPath" | "kind" | "durationMs" | "startedAt" | "traceId" | "spanId" | "error"
> &
  Partial<Pick<CallRecord, "functionMs" | "connectMs">>;

/**
 * Calls that waited for the WebSocket (a cold connect, a reconnect) over the rolling window: what
 * health's connection check reads, since that wait is not the backend's latency.
 */
export interface ConnectionWaits {
  /** Calls whose result waited for the socket. */
  readonly calls: number;
  /** The longest such wait, in ms; 0 with none. */
  readonly maxMs: number;
}

/**
 * The latency a call is timed by: the function's own, its settling attempt's (without earlier
 * attempts, backoffs or a wait for the socket), or null when nothing timed it (CallRecord.functionMs).
 */
function functionLatency(record: MetricsCall): number | null {
  return record.functionMs === undefined ? record.durationMs : record.functionMs;
}

const KINDS: readonly FunctionKind[] = ["query", "mutation", "action"];
// Failure codes come from a fixed taxonomy (~21); this only guards against a foreign code storm.
const MAX_CODES = 64;

interface StoreConfig {
  readonly buckets: number;
  readonly slowestCount: number;
  readonly relativeAccuracy: number | undefined;
}

/**
 * The calls of one span of time: the session, one sub-window of the rolling window (reset in place
 * when its slot comes round again), or the window as read (its live sub-windows merged). A
 * sub-window's sketch has the session's default cap, not a smaller one: a cap that collapses the
 * low bins when one slow call lands among fast ones would put the window's p50 far off (a
 * 1 ms / 800 ms mix read 5.4 ms against 1.7 ms with 256 bins), and the bins grow only to the span
 * of latencies seen.
 */
class Tally {
  /** The sub-window this tally counts; NaN for the session and for a merged window. */
  epoch = NaN;
  calls = 0;
  failures = 0;
  /** Calls that waited for the socket, and the longest such wait in ms. */
  waits = 0;
  maxWaitMs = 0;
  readonly byCode = new Map<string, number>();
  readonly latency: DDSketch;

  constructor(relativeAccuracy: number | undefined) {
    this.latency = new DDSketch({ relativeAccuracy });
  }

  /** `latency` is null when the call is not timed; `key` is its sketch bin. */
  add(code: string | null, connectMs = 0, latency: number | null, key: number): void {
    this.calls++;
    if (code !== null) {
      this.failures++;
      const { byCode } = this;
      const current = byCode.get(code);
      if (current !== undefined) byCode.set(code, current + 1);
      else if (byCode.size < MAX_CODES) byCode.set(code, 1);
      else byCode.set("UNKNOWN", (byCode.get("UNKNOWN") ?? 0) + 1);
    }
    if (connectMs > 0) {
      this.waits++;
      if (connectMs > this.maxWaitMs) this.maxWaitMs = connectMs;
    }
    if (latency !== null) this.latency.addKeyed(latency, key);
  }

  /** Adds the counts of `other` (a live sub-window, into the window as read). */
  merge(other: Tally): void {
    this.calls += other.calls;
    this.failures += other.failures;
    this.waits += other.waits;
    if (other.maxWaitMs > this.maxWaitMs) this.maxWaitMs = other.maxWaitMs;
    for (const [code, n] of other.byCode) this.byCode.set(code, (this.byCode.get(code) ?? 0) + n);
    this.latency.merge(other.latency);
  }

  reset(epoch: number): void {
    this.epoch = epoch;
    this.calls = this.failures = this.waits = this.maxWaitMs = 0;
    this.byCode.clear();
    this.latency.clear();
  }

  stats(): CallStats {
    const { calls, failures, latency: sketch } = this;
    return {
      calls,
      successes: calls - failures,
      failures,
      failuresByCode: Object.fromEntries(this.byCode) as Partial<Record<ErrorCode, number>>,
      errorRate: calls === 0 ? null : failures / calls,
      latency:
        sketch.count === 0
          ? null
          : {
              count: sketch.count,
              min: sketch.min as number,
              max: sketch.max as number,
              mean: sketch.mean as number,
              p50: sketch.quantile(0.5) as number,
              p90: sketch.quantile(0.9) as number,
              p95: sketch.quantile(0.95) as number,
              p99: sketch.quantile(0.99) as number,
            },
    };
  }
}

/** Counts for one (function, kind), or one kind's total. */
class Series {
  lastCallAt = NaN;
  readonly session: Tally;
  readonly slowest: SlowCall[] = [];
  private readonly buckets: (Tally | undefined)[];
  private readonly config: StoreConfig;

  constructor(
    readonly functionPath: string,
    readonly kind: FunctionKind,
    config: StoreConfig,
  ) {
    this.config = config;
    this.session = new Tally(config.relativeAccuracy);
    this.buckets = new Array(config.buckets);
  }

  /** `latency` is null when the call is not timed; `key` is its sketch bin. */
  add(
    record: MetricsCall,
    code: string | null,
    latency: number | null,
    key: number,
    epoch: number,
    now: number,
  ): void {
    this.lastCallAt = now;
    this.session.add(code, record.connectMs, latency, key);
    this.bucket(epoch).add(code, record.connectMs, latency, key);
    const { slowest } = this;
    const n = this.config.slowestCount;
    if (latency === null || n === 0) return;
    if (slowest.length === n && latency <= (slowest[n - 1] as SlowCall).durationMs) return;
    slowest.push({
      functionPath: record.functionPath,
      kind: record.kind,
      durationMs: latency,
      startedAt: record.startedAt,
      traceId: record.traceId,
      spanId: record.spanId,
      code: code as ErrorCode | null,
    });
    // Stable: a call as slow as one kept goes after it. At most n + 1 entries.
    slowest.sort((a, b) => b.durationMs - a.durationMs);
    if (slowest.length > n) slowest.pop();
  }

  /** The sub-windows no older than `windowBuckets` epochs before `epoch`, merged. */
  window(epoch: number): Tally {
    const window = new Tally(this.config.relativeAccuracy);
    for (const bucket of this.buckets) {
      if (bucket && bucket.epoch > epoch - this.config.buckets && bucket.epoch <= epoch) {
        window.merge(bucket);
      }
    }
    return window;
  }

  private bucket(epoch: number): Tally {
    const size = this.config.buckets;
    const slot = ((epoch % size) + size) % size;
    let bucket = this.buckets[slot];
    if (bucket === undefined) {
      bucket = new Tally(this.config.relativeAccuracy);
      this.buckets[slot] = bucket;
    }
    if (bucket.epoch !== epoch) bucket.reset(epoch);
    return bucket;
  }
}

function kindMetrics(series: Series, epoch: number): KindMetrics {
  return {
    kind: series.kind,
    session: series.session.stats(),
    window: series.window(epoch).stats(),
    slowest: series.slowest.slice(),
  };
}

function functionMetrics(series: Series, epoch: number): FunctionMetrics {
  return {
    functionPath: series.functionPath,
    ...kindMetrics(series, epoch),
    lastCallAt: series.lastCallAt,
  };
}

interface KindEntry {
  readonly series: Map<string, Series>;
  readonly total: Series;
  overflow: Series | undefined;
}

/**
 * Latency and outcome metrics per (function, kind), over the whole session and a rolling window.
 * `record` sits on every call's path: it is O(1) (two map lookups, four sketch inserts) and
 * allocates only for a new function, a new slowest call, or a sub-window seen for the first time.
 *
 * Memory is bounded: at most `maxSeries` series plus one overflow series and one total per kind;
 * each holds a session sketch and `windowBuckets` sub-window sketches, all with the same cap (every
 * latency from 1 µs to 1 h in its own bin: ≤ 8.6 KiB each at α = 1 %), `slowestCount` slow calls
 * and ≤ 64 failure codes. With the defaults that is ≤ 61 KiB per series in the worst case (a
 * function whose calls span 1 µs to 1 h within every 10 s). Bins grow only to the span seen, with
 * up to 50 % headroom: latencies within 1 ms–10 s take ≤ 5.4 KiB per sketch, ≤ 38 KiB per series.
 */
export class MetricsStore {
  /** The rolling window's length, in ms. */
  readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly config: StoreConfig;
  private readonly maxSeries: number;
  private readonly notifyMs: number;
  private readonly clock: Clock;
  private readonly listeners: ListenerSet<() => void>;
  private readonly kinds: Record<string, KindEntry | undefined> = {};
  private seriesCount = 0;
  private overflowed = 0;
  private changes = 0;
  private timer: unknown;
  private lastNotifyAt = -Infinity;

  constructor(options: MetricsStoreOptions = {}) {
    const {
      windowMs = 60_000,
      windowBuckets = 6,
      maxSeries = 500,
      slowestCount = 5,
      notifyIntervalMs = 250,
    } = options;
    // The metrics module, the one caller in an app, has refused a bad window, cap or count with a
    // CONFIGURATION error already (and the rest are not options of it); this catches a bad direct use.
    const counts = { windowMs, windowBuckets, maxSeries, slowestCount };
    for (const [name, value] of Object.entries(counts)) {
      const least = name === "slowestCount" ? 0 : 1;
      if (!Number.isInteger(value) || value < least) {
        throw new RangeError(`${name} must be an integer ≥ ${least}, got ${value}`);
      }
    }
    this.clock = options.clock ?? systemClock;
    this.listeners = new ListenerSet(options.diagnostics ?? new Diagnostics());
    this.windowMs = windowMs;
    this.bucketMs = windowMs / windowBuckets;
    this.maxSeries = maxSeries;
    this.notifyMs = Math.max(0, notifyIntervalMs);
    this.config = {
      buckets: windowBuckets,
      slowestCount,
      relativeAccuracy: options.relativeAccuracy,
    };
    this.reset(); // builds sketches: a bad accuracy fails now rather than on the first call
  }

  /** Increases on every recorded call and on `clear()`: a cheap "did anything change?" check. */
  get version(): number {
    return this.changes;
  }

  /**
   * Counts one finished call. Meant as a `rt.onCall` listener; `now` (the call's end on the store's
   * clock) saves a clock read per call when the caller knows it.
   */
  record(record: MetricsCall, now: number = this.clock.now()): void {
    const entry = this.kinds[record.kind];
    if (entry === undefined) return;
    const series = entry.series.get(record.functionPath) ?? this.newSeries(entry, record);
    const code = record.error === null ? null : record.error.code;
    // A call an open breaker refused never ran: its ~0 ms would flatter the latency it replaced.
    // Latency is the function's own: a wait for the socket is not the backend's (issue 13 §2).
    const latency = code === "CIRCUIT_OPEN" ? null : functionLatency(record);
    const key = latency === null ? 0 : entry.total.session.latency.keyOf(latency);
    const epoch = this.epoch(now);
    series.add(record, code, latency, key, epoch, now);
    entry.total.add(record, code, latency, key, epoch, now);
    this.changed(now);
  }

  /** Everything, as plain data. Costs O(series × windowBuckets); call it when the data is shown. */
  snapshot(): MetricsSnapshot {
    const now = this.clock.now();
    const epoch = this.epoch(now);
    const functions: FunctionMetrics[] = [];
    const totals = {} as Record<FunctionKind, KindMetrics>;
    for (const kind of KINDS) {
      const entry = this.kinds[kind] as KindEntry;
      for (const series of entry.series.values()) functions.push(functionMetrics(series, epoch));
      if (entry.overflow) functions.push(functionMetrics(entry.overflow, epoch));
      totals[kind] = kindMetrics(entry.total, epoch);
    }
    // Stable: a path's kinds stay in the order they were pushed in, KINDS' order.
    functions.sort((a, b) =>
      a.functionPath < b.functionPath ? -1 : a.functionPath > b.functionPath ? 1 : 0,
    );
    return {
      at: now,
      version: this.changes,
      windowMs: this.windowMs,
      functions,
      totals,
      overflowCalls: this.overflowed,
    };
  }

  /** The metrics of one function (one entry per kind it was called as); empty if never called. */
  functionMetrics(functionPath: string): FunctionMetrics[] {
    const epoch = this.epoch();
    const out: FunctionMetrics[] = [];
    for (const kind of KINDS) {
      const series = (this.kinds[kind] as KindEntry).series.get(functionPath);
      if (series) out.push(functionMetrics(series, epoch));
    }
    return out;
  }

  /** Every function of `kind` together, over the rolling window: what health reads. */
  windowTotals(kind: FunctionKind): CallStats {
    return (this.kinds[kind] as KindEntry).total.window(this.epoch()).stats();
  }

  /** Every call that waited for the WebSocket over the rolling window: what health reads. */
  windowConnectionWaits(): ConnectionWaits {
    const epoch = this.epoch();
    let calls = 0;
    let maxMs = 0;
    for (const kind of KINDS) {
      const window = (this.kinds[kind] as KindEntry).total.window(epoch);
      calls += window.waits;
      maxMs = Math.max(maxMs, window.maxWaitMs);
    }
    return { calls, maxMs };
  }

  /**
   * Calls `listener` after changes, at most once per `notifyIntervalMs` and never synchronously
   * inside `record`. Returns the unsubscribe function. For hooks: re-read `snapshot()` when called.
   */
  subscribe(listener: () => void): () => void {
    const unsubscribe = this.listeners.add(listener);
    return () => {
      unsubscribe();
      if (this.listeners.size === 0) this.cancelNotify();
    };
  }

  /** Forgets every series (the DevTools "clear" command); listeners stay subscribed. */
  clear(): void {
    this.reset();
    this.changed(this.clock.now());
  }

  /** Drops listeners and the pending notification timer. */
  dispose(): void {
    this.listeners.clear();
    this.cancelNotify();
  }

  /** The sub-window `now` falls in. */
  private epoch(now = this.clock.now()): number {
    return Math.floor(now / this.bucketMs);
  }

  private reset(): void {
    for (const kind of KINDS) {
      this.kinds[kind] = {
        series: new Map(),
        total: new Series("*", kind, this.config),
        overflow: undefined,
      };
    }
    this.seriesCount = 0;
    this.overflowed = 0;
  }

  private newSeries(entry: KindEntry, record: MetricsCall): Series {
    if (this.seriesCount >= this.maxSeries) {
      this.overflowed++;
      entry.overflow ??= new Series(OVERFLOW_FUNCTION_PATH, record.kind, this.config);
      return entry.overflow;
    }
    const series = new Series(record.functionPath, record.kind, this.config);
    entry.series.set(record.functionPath, series);
    this.seriesCount++;
    return series;
  }

  /** Counts a change and, while someone listens, makes sure a notification is on its way. */
  private changed(now: number): void {
    this.changes++;
    if (this.listeners.size === 0 || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastNotifyAt + this.notifyMs - now);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.lastNotifyAt = this.clock.now();
      this.listeners.notify();
    }, wait);
  }

  private cancelNotify(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
