/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019): a mergeable quantile sketch with a relative-error
 * guarantee. Values fall into logarithmic bins (bin k holds (γ^(k-1), γ^k], γ = (1+α)/(1-α)), so
 * any quantile it returns is within α of the true value, whatever the distribution.
 *
 * Hand-written rather than `@datadog/sketches-js` 2.1.1 for the bundle budget (the SDK core entry
 * must stay ≤ 6 KB gzip). Measured with esbuild 0.28.2 (`--bundle --minify`, ESM, browser, gzip -9):
 * that package is CommonJS, is not tree-shaken, and requires `protobufjs/minimal` for its encoder
 * even when it is never used — 18.6 KB gzip with protobufjs, 6.7 KB with it made external. This file
 * bundles to 1.2 KB gzip and records a value in ~20 ns (Node 20, 2 vCPUs). What it drops: protobuf
 * encoding, negative values and the interpolated mappings, none of which latencies need.
 *
 * Memory: the bins are one Float64Array that grows to the span of keys actually seen and never past
 * `maxBins`. The default cap keeps every value from 1 µs to 1 h (in ms: a ratio of 3.6·10^9) in its
 * own bin, so any quantile of values in such a range is within α: at α = 0.01 that is 1,102 bins,
 * at most 8.6 KiB (plus a fixed ~100 bytes of fields). Past the cap the lowest bins are collapsed
 * into one (the tail, which latency quantiles care about, keeps its accuracy), as the reference
 * implementations' "collapsing lowest" stores do.
 */

/** Options of {@link DDSketch}. */
export interface DDSketchOptions {
  /** α, the relative error bound of every quantile, in (0, 1). Default 0.01 (1%). */
  relativeAccuracy?: number;
  /**
   * Most bins kept; past this the lowest bins collapse. Default: enough for values from 1 µs to 1 h
   * ({@link DEFAULT_ACCURATE_RATIO}), 1,102 bins (8.6 KiB of counts) at α = 0.01.
   */
  maxBins?: number;
  /**
   * Values below this count as zero (they are reported as 0). Keeps a stray 1e-300 from costing bins.
   * Default 1e-9, i.e. a picosecond when values are milliseconds.
   */
  minValue?: number;
}

/** Default α: 1% relative error, as the SDK's latency quantiles promise. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/**
 * Largest / smallest value the default bin cap keeps within α: 1 h / 1 µs. Latencies below 1 µs are
 * noise and above 1 h are timeouts, so every latency quantile a user reads stays within α.
 */
export const DEFAULT_ACCURATE_RATIO = 3.6e9;

/**
 * The bins needed for every value in a range `ratio` wide (largest / smallest) to keep its own
 * bin at relative accuracy `alpha`: ⌈ln ratio / ln γ⌉ + 1. The memory bound of a sketch that never
 * collapses within that range.
 */
export function binsForRatio(alpha: number, ratio: number): number {
  return Math.ceil(Math.log(ratio) / Math.log((1 + alpha) / (1 - alpha))) + 1;
}
const DEFAULT_MIN_VALUE = 1e-9;
// Bins allocated for a fresh sketch; a typical function's latencies span a few hundred.
const INITIAL_BINS = 64;

/**
 * A DDSketch over non-negative numbers (latencies). `add` is O(1) and allocates only when the range
 * of values seen grows past the bins allocated so far (a handful of times per sketch at most).
 */
export class DDSketch {
  /** The α this sketch guarantees; sketches merge only with the same α. */
  readonly relativeAccuracy: number;
  /** The bin cap this sketch was built with. */
  readonly maxBins: number;
  private readonly minValue: number;
  private readonly multiplier: number; // 1 / ln γ
  private readonly valueFactor: number; // 2 / (1 + γ): maps a bin's upper bound to its midpoint
  private bins: Float64Array;
  private offset = 0; // key of bins[0]
  private lo = 0; // lowest key that may hold a count; lo > hi while no value is binned
  private hi = -1; // highest key that may hold a count
  private zeroCount = 0;
  private total = 0;
  private sumValue = 0;
  private minSeen = Infinity;
  private maxSeen = -Infinity;

  constructor(options: DDSketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
    if (!(alpha > 0 && alpha < 1)) {
      throw new RangeError(`relativeAccuracy must be in (0, 1), got ${alpha}`);
    }
    const maxBins = options.maxBins ?? binsForRatio(alpha, DEFAULT_ACCURATE_RATIO);
    if (!Number.isInteger(maxBins) || maxBins < 1) {
      throw new RangeError(`maxBins must be a positive integer, got ${maxBins}`);
    }
    this.relativeAccuracy = alpha;
    this.maxBins = maxBins;
    this.minValue = options.minValue ?? DEFAULT_MIN_VALUE;
    const gamma = (1 + alpha) / (1 - alpha);
    this.multiplier = 1 / Math.log(gamma);
    this.valueFactor = 2 / (1 + gamma);
    this.bins = new Float64Array(Math.min(INITIAL_BINS, maxBins));
  }

  /** Values recorded, zeros included. */
  get count(): number {
    return this.total;
  }

  /** Exact sum of the values recorded (negatives counted as 0). */
  get sum(): number {
    return this.sumValue;
  }

  /** Exact smallest value recorded; `undefined` when empty. */
  get min(): number | undefined {
    return this.total === 0 ? undefined : this.minSeen;
  }

  /** Exact largest value recorded; `undefined` when empty. */
  get max(): number | undefined {
    return this.total === 0 ? undefined : this.maxSeen;
  }

  /** Exact mean; `undefined` when empty. */
  get mean(): number | undefined {
    return this.total === 0 ? undefined : this.sumValue / this.total;
  }

  /** Bins allocated now, never more than `maxBins`: the memory bound, in counts. */
  get binCount(): number {
    return this.bins.length;
  }

  /** Bytes held by the bins (the part of the sketch that grows). */
  get byteLength(): number {
    return this.bins.byteLength;
  }

  /**
   * Records one value. Negative values count as 0; NaN and +Infinity are ignored, since they have
   * no rank (a duration is never either).
   */
  add(value: number): void {
    this.addKeyed(value, this.keyOf(value));
  }

  /**
   * The bin `value` falls in. With {@link addKeyed} it lets one value go into several sketches of
   * the same accuracy for one logarithm (the metrics store writes each call into four).
   */
  keyOf(value: number): number {
    return value >= this.minValue ? Math.ceil(Math.log(value) * this.multiplier) : 0;
  }

  /** Like {@link add}, with `key` from `keyOf(value)` on a sketch of the same relative accuracy. */
  addKeyed(value: number, key: number): void {
    if (!(value < Infinity)) return;
    if (value < 0) value = 0;
    this.total++;
    this.sumValue += value;
    if (value < this.minSeen) this.minSeen = value;
    if (value > this.maxSeen) this.maxSeen = value;
    if (value < this.minValue) {
      this.zeroCount++;
      return;
    }
    this.addToKey(key, 1);
  }

  /**
   * The value at quantile `q` in [0, 1], within `relativeAccuracy` of the exact one, clamped to the
   * exact min and max; `undefined` when empty. The exact one is the nearest rank: the smallest
   * value at or above which lie at least a share `q` of the values (0-based rank ⌈q·n⌉−1), so p99
   * of 24 calls is the slowest and "99 % took at most this" holds. (DDSketch's papers use
   * ⌊q·(n−1)⌋, which on a few calls reports a p99 that a twentieth of them exceed.)
   */
  quantile(q: number): number | undefined {
    if (this.total === 0 || !(q >= 0 && q <= 1)) return undefined;
    // The epsilon keeps a product such as 0.07 × 100 = 7.000000000000001 from rounding up a rank.
    const rank = Math.max(0, Math.ceil(q * this.total - 1e-9) - 1);
    if (rank === this.total - 1) return this.maxSeen; // the slowest is kept exactly
    if (rank < this.zeroCount) return this.minSeen; // below minValue: as good as 0
    let seen = this.zeroCount;
    const bins = this.bins;
    const offset = this.offset;
    for (let key = this.lo; key <= this.hi; key++) {
      seen += bins[key - offset] as number;
      if (seen > rank) {
        const estimate = Math.exp(key / this.multiplier) * this.valueFactor;
        return Math.min(this.maxSeen, Math.max(this.minSeen, estimate));
      }
    }
    return this.maxSeen;
  }

  /** Adds every value of `other` to this sketch. Both must have the same `relativeAccuracy`. */
  merge(other: DDSketch): void {
    if (other.multiplier !== this.multiplier) {
      throw new RangeError(
        `cannot merge sketches of relative accuracy ${other.relativeAccuracy} into ${this.relativeAccuracy}`,
      );
    }
    if (other.total === 0) return;
    this.total += other.total;
    this.sumValue += other.sumValue;
    this.zeroCount += other.zeroCount;
    if (other.minSeen < this.minSeen) this.minSeen = other.minSeen;
    if (other.maxSeen > this.maxSeen) this.maxSeen = other.maxSeen;
    if (other.lo > other.hi) return; // only zeros
    // Widen once for the whole range, so the loop below never reshapes.
    this.addToKey(other.hi, 0);
    this.addToKey(other.lo, 0);
    for (let key = other.lo; key <= other.hi; key++) {
      const n = other.bins[key - other.offset] as number;
      if (n > 0) this.addToKey(key, n);
    }
  }

  /** Forgets every value but keeps the bins allocated, so a reused sketch does not allocate again. */
  clear(): void {
    this.bins.fill(0);
    this.lo = 0;
    this.hi = -1;
    this.zeroCount = 0;
    this.total = 0;
    this.sumValue = 0;
    this.minSeen = Infinity;
    this.maxSeen = -Infinity;
  }

  private addToKey(key: number, n: number): void {
    if (this.lo > this.hi) {
      // First binned value: centre the allocated bins on it, so growth either way is cheap.
      this.offset = key - (this.bins.length >> 1);
      this.lo = key;
      this.hi = key;
    } else if (key < this.lo || key > this.hi) {
      key = this.widen(key);
    }
    this.bins[key - this.offset] = (this.bins[key - this.offset] as number) + n;
  }

  /**
   * Makes room for `key` and returns the key to count it under: itself, or the lowest kept key
   * when the range would pass `maxBins` and the lowest bins collapse.
   */
  private widen(key: number): number {
    const newHi = Math.max(this.hi, key);
    // Past the cap the range is the top maxBins keys; anything lower lands in its lowest bin.
    const newLo = Math.max(Math.min(this.lo, key), newHi - this.maxBins + 1);
    const span = newHi - newLo + 1;
    let bins = this.bins;
    let offset = this.offset;
    if (newLo < offset || newHi >= offset + bins.length) {
      const capacity = Math.min(this.maxBins, Math.max(bins.length * 2, span + (span >> 1)));
      bins = new Float64Array(capacity);
      offset = newLo - ((capacity - span) >> 1);
    }
    if (bins !== this.bins || newLo > this.lo) {
      // Copy (when reallocated) and collapse every count below newLo into newLo.
      const old = this.bins;
      const oldOffset = this.offset;
      let collapsed = 0;
      for (let k = this.lo; k <= this.hi; k++) {
        const n = old[k - oldOffset] as number;
        if (n === 0) continue;
        if (k < newLo) {
          collapsed += n;
          if (bins === old) old[k - oldOffset] = 0;
        } else if (bins !== old) {
          bins[k - offset] = n;
        }
      }
      bins[newLo - offset] = (bins[newLo - offset] as number) + collapsed;
      this.bins = bins;
      this.offset = offset;
    }
    this.lo = newLo;
    this.hi = newHi;
    return Math.max(key, newLo);
  }
}
