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
 * The latency a call is timed by: the function's own (without a wait for the socket), or null
 * when nothing timed it (a subscription's failure pushed after its first result).
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
  readonly relativeAccuracy: number;
}

function countCode(byCode: Map<string, number>, code: string): void {
  const current = byCode.get(code);
  if (current !== undefined) byCode.set(code, current + 1);
  else if (byCode.size < MAX_CODES) byCode.set(code, 1);
  else byCode.set("UNKNOWN", (byCode.get("UNKNOWN") ?? 0) + 1);
}

/**
 * One sub-window of the rolling window. Reset in place when its slot comes round again. Its sketch
 * has the session's default cap, not a smaller one: a cap that collapses the low bins when one
 * slow call lands among fast ones would put the window's p50 far off (a 1 ms / 800 ms mix read
 * 5.4 ms against 1.7 ms with 256 bins), and the bins grow only to the span of latencies seen.
 */
class WindowBucket {
  epoch = Number.NaN;
  calls = 0;
  failures = 0;
  connectWaits = 0;
  connectMaxMs = 0;
  readonly byCode = new Map<string, number>();
  readonly latency: DDSketch;

  constructor(config: StoreConfig) {
    this.latency = new DDSketch({ relativeAccuracy: config.relativeAccuracy });
  }

  reset(epoch: number): void {
    this.epoch = epoch;
    this.calls = 0;
    this.failures = 0;
    this.connectWaits = 0;
    this.connectMaxMs = 0;
    this.byCode.clear();
    this.latency.clear();
  }
}

/** Counts for one (function, kind), or one kind's total. */
class Series {
  calls = 0;
  failures = 0;
  lastCallAt = Number.NaN;
  readonly byCode = new Map<string, number>();
  readonly latency: DDSketch;
  readonly slowest: SlowCall[] = [];
  private readonly buckets: (WindowBucket | undefined)[];

  constructor(
    readonly functionPath: string,
    readonly kind: FunctionKind,
    private readonly config: StoreConfig,
  ) {
    this.latency = new DDSketch({ relativeAccuracy: config.relativeAccuracy });
    this.buckets = new Array(config.buckets);
  }

  /** `key` is the latency's sketch bin, or NaN when the call is not timed. */
  add(record: MetricsCall, code: string | null, key: number, epoch: number, now: number): void {
    this.calls++;
    this.lastCallAt = now;
    const bucket = this.bucketAt(epoch);
    bucket.calls++;
    if (code !== null) {
      this.failures++;
      bucket.failures++;
      countCode(this.byCode, code);
      countCode(bucket.byCode, code);
    }
    const connectMs = record.connectMs;
    if (connectMs !== undefined && connectMs > 0) {
      bucket.connectWaits++;
      if (connectMs > bucket.connectMaxMs) bucket.connectMaxMs = connectMs;
    }
    if (Number.isNaN(key)) return; // not timed
    const duration = functionLatency(record) as number;
    this.latency.addKeyed(duration, key);
    bucket.latency.addKeyed(duration, key);
    const { slowest } = this;
    const n = this.config.slowestCount;
    if (n > 0 && (slowest.length < n || duration > (slowest[n - 1] as SlowCall).durationMs)) {
      this.insertSlow(record, code, duration);
    }
  }

  /** Stats over the sub-windows no older than `windowBuckets` epochs before `epoch`. */
  windowStats(epoch: number): CallStats {
    let calls = 0;
    let failures = 0;
    const byCode = new Map<string, number>();
    const latency = new DDSketch({ relativeAccuracy: this.config.relativeAccuracy });
    for (const bucket of this.buckets) {
      if (
        bucket === undefined ||
        !(bucket.epoch > epoch - this.config.buckets && bucket.epoch <= epoch)
      ) {
        continue;
      }
      calls += bucket.calls;
      failures += bucket.failures;
      for (const [code, n] of bucket.byCode) byCode.set(code, (byCode.get(code) ?? 0) + n);
      latency.merge(bucket.latency);
    }
    return callStats(calls, failures, byCode, latency);
  }

  /** Waits for the socket over the same sub-windows as {@link windowStats}. */
  windowConnectionWaits(epoch: number): ConnectionWaits {
    let calls = 0;
    let maxMs = 0;
    for (const bucket of this.buckets) {
      if (bucket === undefined || !(bucket.epoch > epoch - this.config.buckets)) continue;
      if (bucket.epoch > epoch) continue;
      calls += bucket.connectWaits;
      if (bucket.connectMaxMs > maxMs) maxMs = bucket.connectMaxMs;
    }
    return { calls, maxMs };
  }

  sessionStats(): CallStats {
    return callStats(this.calls, this.failures, this.byCode, this.latency);
  }

  private bucketAt(epoch: number): WindowBucket {
    const size = this.config.buckets;
    const slot = ((epoch % size) + size) % size;
    let bucket = this.buckets[slot];
    if (bucket === undefined) {
      bucket = new WindowBucket(this.config);
      this.buckets[slot] = bucket;
    }
    if (bucket.epoch !== epoch) bucket.reset(epoch);
    return bucket;
  }

  private insertSlow(record: MetricsCall, code: string | null, durationMs: number): void {
    const entry: SlowCall = {
      functionPath: record.functionPath,
      kind: record.kind,
      durationMs,
      startedAt: record.startedAt,
      traceId: record.traceId,
      spanId: record.spanId,
      code: code as ErrorCode | null,
    };
    const { slowest } = this;
    let index = slowest.length;
    while (index > 0 && (slowest[index - 1] as SlowCall).durationMs < durationMs) index--;
    slowest.splice(index, 0, entry);
    if (slowest.length > this.config.slowestCount) slowest.pop();
  }
}

function callStats(
  calls: number,
  failures: number,
  byCode: ReadonlyMap<string, number>,
  sketch: DDSketch,
): CallStats {
  return {
    calls,
    successes: calls - failures,
    failures,
    failuresByCode: Object.fromEntries(byCode) as Partial<Record<ErrorCode, number>>,
    errorRate: calls === 0 ? null : failures / calls,
    latency: latencyStats(sketch),
  };
}

function latencyStats(sketch: DDSketch): LatencyStats | null {
  if (sketch.count === 0) return null;
  return {
    count: sketch.count,
    min: sketch.min as number,
    max: sketch.max as number,
    mean: sketch.mean as number,
    p50: sketch.quantile(0.5) as number,
    p90: sketch.quantile(0.9) as number,
    p95: sketch.quantile(0.95) as number,
    p99: sketch.quantile(0.99) as number,
  };
}

interface KindEntry {
  readonly series: Map<string, Series>;
  readonly total: Series;
  overflow: Series | undefined;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Latency and outcome metrics per (function, kind), over the whole session and a rolling window.
 * `record` sits on every call's path: it is O(1) (two map lookups, two sketch inserts) and
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
  private readonly notifyIntervalMs: number;
  private readonly clock: Clock;
  private readonly diagnostics: Diagnostics;
  private readonly kinds: Record<string, KindEntry | undefined> = {};
  private seriesCount = 0;
  private overflowed = 0;
  private changes = 0;
  private readonly listeners: ListenerSet<() => void>;
  private timer: unknown;
  private lastNotifyAt = Number.NEGATIVE_INFINITY;

  constructor(options: MetricsStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.diagnostics = options.diagnostics ?? new Diagnostics();
    this.listeners = new ListenerSet(this.diagnostics);
    this.windowMs = positiveInteger("windowMs", options.windowMs ?? 60_000);
    const buckets = positiveInteger("windowBuckets", options.windowBuckets ?? 6);
    this.bucketMs = this.windowMs / buckets;
    this.maxSeries = positiveInteger("maxSeries", options.maxSeries ?? 500);
    this.notifyIntervalMs = Math.max(0, options.notifyIntervalMs ?? 250);
    const slowestCount = options.slowestCount ?? 5;
    if (!Number.isInteger(slowestCount) || slowestCount < 0) {
      throw new RangeError(`slowestCount must be a non-negative integer, got ${slowestCount}`);
    }
    this.config = {
      buckets,
      slowestCount,
      relativeAccuracy: options.relativeAccuracy ?? 0.01,
    };
    // Fail on a bad accuracy now rather than on the first call.
    new DDSketch({ relativeAccuracy: this.config.relativeAccuracy });
    this.reset();
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
    const epoch = Math.floor(now / this.bucketMs);
    let series = entry.series.get(record.functionPath);
    if (series === undefined) series = this.newSeries(entry, record);
    const code = record.error === null ? null : record.error.code;
    // A call an open breaker refused never ran: its ~0 ms would flatter the latency it replaced.
    // Latency is the function's own: a wait for the socket is not the backend's (issue 13 §2).
    const latency = code === "CIRCUIT_OPEN" ? null : functionLatency(record);
    const key = latency === null ? Number.NaN : entry.total.latency.keyOf(latency);
    series.add(record, code, key, epoch, now);
    entry.total.add(record, code, key, epoch, now);
    this.changes++;
    if (this.listeners.size > 0 && this.timer === undefined) this.scheduleNotify(now);
  }

  /** Everything, as plain data. Costs O(series × windowBuckets); call it when the data is shown. */
  snapshot(): MetricsSnapshot {
    const now = this.clock.now();
    const epoch = Math.floor(now / this.bucketMs);
    const functions: FunctionMetrics[] = [];
    const totals = {} as Record<FunctionKind, KindMetrics>;
    for (const kind of KINDS) {
      const entry = this.kinds[kind] as KindEntry;
      for (const series of entry.series.values()) functions.push(functionMetrics(series, epoch));
      if (entry.overflow) functions.push(functionMetrics(entry.overflow, epoch));
      totals[kind] = {
        kind,
        session: entry.total.sessionStats(),
        window: entry.total.windowStats(epoch),
        slowest: entry.total.slowest.slice(),
      };
    }
    functions.sort((a, b) =>
      a.functionPath === b.functionPath
        ? KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind)
        : a.functionPath < b.functionPath
          ? -1
          : 1,
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
    const epoch = Math.floor(this.clock.now() / this.bucketMs);
    const out: FunctionMetrics[] = [];
    for (const kind of KINDS) {
      const series = (this.kinds[kind] as KindEntry).series.get(functionPath);
      if (series) out.push(functionMetrics(series, epoch));
    }
    return out;
  }

  /** Every function of `kind` together, over the rolling window: what health reads. */
  windowTotals(kind: FunctionKind): CallStats {
    const epoch = Math.floor(this.clock.now() / this.bucketMs);
    return (this.kinds[kind] as KindEntry).total.windowStats(epoch);
  }

  /** Every call that waited for the WebSocket over the rolling window: what health reads. */
  windowConnectionWaits(): ConnectionWaits {
    const epoch = Math.floor(this.clock.now() / this.bucketMs);
    let calls = 0;
    let maxMs = 0;
    for (const kind of KINDS) {
      const waits = (this.kinds[kind] as KindEntry).total.windowConnectionWaits(epoch);
      calls += waits.calls;
      maxMs = Math.max(maxMs, waits.maxMs);
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
    this.changes++;
    if (this.listeners.size > 0 && this.timer === undefined) this.scheduleNotify(this.clock.now());
  }

  /** Drops listeners and the pending notification timer. */
  dispose(): void {
    this.listeners.clear();
    this.cancelNotify();
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

  private scheduleNotify(now: number): void {
    const wait = Math.max(0, this.lastNotifyAt + this.notifyIntervalMs - now);
    this.timer = this.clock.setTimeout(() => this.notify(), wait);
  }

  private cancelNotify(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private notify(): void {
    this.timer = undefined;
    this.lastNotifyAt = this.clock.now();
    this.listeners.notify();
  }
}

function functionMetrics(series: Series, epoch: number): FunctionMetrics {
  return {
    functionPath: series.functionPath,
    kind: series.kind,
    session: series.sessionStats(),
    window: series.windowStats(epoch),
    slowest: series.slowest.slice(),
    lastCallAt: series.lastCallAt,
  };
}
