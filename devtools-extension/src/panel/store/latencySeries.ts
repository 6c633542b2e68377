import { DDSketch } from "@convex-lens/sdk/sketch";
import type { CallEntry } from "./callEntry";
import { callLatency } from "./callLatency";

/** One point of the health charts: the calls that ended in one bucket of time. */
export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  at: number;
  count: number;
  errors: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
}

interface Bucket {
  count: number;
  errors: number;
  latencies: DDSketch;
}

/**
 * Latency and error rate over time, in fixed buckets by the time calls ended; latencies by the
 * SDK's rule ({@link callLatency}) in the SDK's DDSketch (within 1 %, a few hundred bytes per
 * bucket). Only the newest `maxBuckets` buckets are kept (five minutes of one-second buckets by
 * default); a call older than that is ignored.
 */
export class LatencySeries {
  private readonly buckets = new Map<number, Bucket>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    readonly bucketMs = 1_000,
    readonly maxBuckets = 300,
  ) {}

  add(entry: CallEntry): void {
    const at = Math.floor(entry.endedAt / this.bucketMs) * this.bucketMs;
    if (at <= this.newest - this.maxBuckets * this.bucketMs) return;
    let bucket = this.buckets.get(at);
    if (bucket === undefined) {
      bucket = { count: 0, errors: 0, latencies: new DDSketch() };
      this.buckets.set(at, bucket);
      if (at > this.newest) {
        this.newest = at;
        this.dropOld();
      }
    }
    bucket.count++;
    if (entry.status === "error") bucket.errors++;
    const latency = callLatency(entry);
    if (latency !== null) bucket.latencies.add(latency);
  }

  /** Points oldest first. */
  points(): SeriesPoint[] {
    return [...this.buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([at, bucket]) => {
        return {
          at,
          count: bucket.count,
          errors: bucket.errors,
          errorRate: bucket.count === 0 ? 0 : bucket.errors / bucket.count,
          p50: bucket.latencies.quantile(0.5) ?? null,
          p95: bucket.latencies.quantile(0.95) ?? null,
        };
      });
  }

  get size(): number {
    return this.buckets.size;
  }

  clear(): void {
    this.buckets.clear();
    this.newest = Number.NEGATIVE_INFINITY;
  }

  private dropOld(): void {
    const cutoff = this.newest - this.maxBuckets * this.bucketMs;
    for (const at of this.buckets.keys()) if (at <= cutoff) this.buckets.delete(at);
  }
}
