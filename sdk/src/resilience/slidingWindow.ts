/**
 * Counters over a sliding time window, kept as a ring of fixed time buckets: memory is fixed at
 * `bucketCount * fieldCount` numbers and recording is O(1) (advancing over idle buckets is
 * amortised O(1) and never more than `bucketCount` steps).
 *
 * Why hand-written: the breaker and the retry budget both need it, it is ~60 lines, and the
 * libraries that have one (cockatiel's SamplingBreaker) advance a single bucket per record, so
 * after an idle gap they keep counting stale buckets. Here buckets are addressed by absolute time.
 *
 * The window covers the current bucket plus the `bucketCount - 1` before it, so it spans between
 * `windowMs - bucketMs` and `windowMs` of history depending on where `now` falls in its bucket.
 */
export class SlidingWindow {
  /** Width of one bucket in ms. */
  private readonly bucketMs: number;
  private readonly counts: Float64Array;
  private readonly totals: Float64Array;
  // Index of the bucket `now` fell in at the last advance (floor(now / bucketMs)).
  private epoch = Number.NEGATIVE_INFINITY;
  private readonly fieldCount: number;
  private readonly bucketCount: number;

  constructor(windowMs: number, fieldCount: number, bucketCount = 10) {
    this.fieldCount = fieldCount;
    this.bucketCount = bucketCount;
    this.bucketMs = Math.max(1, windowMs / bucketCount);
    this.counts = new Float64Array(bucketCount * fieldCount);
    this.totals = new Float64Array(fieldCount);
  }

  /** Drops the buckets that have slid out of the window by `now`. Call before add/total. */
  advance(now: number): void {
    const epoch = Math.floor(now / this.bucketMs);
    const last = this.epoch;
    // Same bucket, or the clock went backwards: keep counting into the newest bucket.
    if (!(epoch > last)) return;
    this.epoch = epoch;
    if (epoch - last >= this.bucketCount) {
      this.clear();
      return;
    }
    for (let e = last + 1; e <= epoch; e++) this.clearBucket(e);
  }

  /** Adds `n` to `field` in the current bucket. */
  add(field: number, n = 1): void {
    const index = this.slot(this.epoch) * this.fieldCount + field;
    this.counts[index] = (this.counts[index] as number) + n;
    this.totals[field] = (this.totals[field] as number) + n;
  }

  /** Sum of `field` over the window as of the last advance. */
  total(field: number): number {
    return this.totals[field] as number;
  }

  /** Forgets everything (the breaker does this when it closes or is reset). */
  clear(): void {
    this.counts.fill(0);
    this.totals.fill(0);
  }

  private clearBucket(epoch: number): void {
    const base = this.slot(epoch) * this.fieldCount;
    for (let f = 0; f < this.fieldCount; f++) {
      const value = this.counts[base + f] as number;
      if (value !== 0) {
        this.totals[f] = (this.totals[f] as number) - value;
        this.counts[base + f] = 0;
      }
    }
  }

  private slot(epoch: number): number {
    const slot = epoch % this.bucketCount;
    return slot < 0 ? slot + this.bucketCount : slot;
  }
}
