/**
 * A bounded uniform sample of numbers (reservoir sampling, Vitter's algorithm R) with exact
 * quantiles over the sample. The panel uses it for latency percentiles it computes itself; the
 * SDK's own metrics, when sent, use its sketches instead. The random source is a seeded LCG, so
 * the figures are reproducible in tests.
 */
export class Sample {
  private readonly values: number[] = [];
  private seen = 0;
  private seed: number;

  constructor(
    readonly capacity = 512,
    seed = 1,
  ) {
    this.seed = seed >>> 0;
  }

  add(value: number): void {
    this.seen++;
    if (this.values.length < this.capacity) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.capacity) this.values[slot] = value;
  }

  /** Values seen (not only kept). */
  get count(): number {
    return this.seen;
  }

  /** Values kept. */
  get size(): number {
    return this.values.length;
  }

  /** The requested quantiles (each in [0, 1]) by nearest rank; null when empty. */
  quantiles(qs: readonly number[]): (number | null)[] {
    if (this.values.length === 0) return qs.map(() => null);
    const sorted = [...this.values].sort((a, b) => a - b);
    return qs.map((q) => {
      const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
      return sorted[rank] as number;
    });
  }

  private random(): number {
    this.seed = (Math.imul(this.seed, 1_664_525) + 1_013_904_223) >>> 0;
    return this.seed / 4_294_967_296;
  }
}
