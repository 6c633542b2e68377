/**
 * The in-process side of `pnpm bench`: timing loops and the one-line JSON report each bench process
 * prints. scripts/bench.mjs runs every bench in several processes and aggregates (median of the
 * per-process medians, with min–max), because this machine is noisy; variants are interleaved within
 * a process so that drift hits them alike.
 */

/** One figure a bench measured. */
export interface Measurement {
  /** What was measured, e.g. "query, in-process transport". */
  readonly case: string;
  /** Who was measured, e.g. "raw client" or "lens, no-op tracer". */
  readonly variant: string;
  readonly metric: string;
  readonly unit: string;
  readonly value: number;
  /** The variant this one is compared with in the same case, for ratios. */
  readonly baseline?: string;
}

/** Prints the process's results as the single JSON line the runner reads. */
export function report(bench: string, measurements: readonly Measurement[]): void {
  process.stdout.write(`${JSON.stringify({ bench, measurements })}\n`);
}

/** Yields to the event loop, so timers and exporters' `setTimeout(0)` work can run between batches. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Asks V8 for a full collection when the process runs with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Times async variants interleaved: `rounds` rounds, each running every variant for `iterations`
 * sequential awaited calls. Returns the median ns per call of each variant.
 */
export async function interleaved(
  variants: Readonly<Record<string, () => Promise<unknown>>>,
  options: { rounds: number; iterations: number; warmup: number },
): Promise<Record<string, number>> {
  const rounds = await interleavedRounds(variants, options);
  return Object.fromEntries(Object.entries(rounds).map(([name, ns]) => [name, median(ns)]));
}

/**
 * As {@link interleaved}, but every round's ns per call of each variant, in round order: figures
 * taken from the same round (a ratio of two overheads, say) share that round's load, so their
 * median holds still on a machine whose load drifts between rounds.
 */
export async function interleavedRounds(
  variants: Readonly<Record<string, () => Promise<unknown>>>,
  { rounds, iterations, warmup }: { rounds: number; iterations: number; warmup: number },
): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  for (const name of names) {
    const run = variants[name]!;
    for (let i = 0; i < warmup; i++) await run();
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const run = variants[name]!;
      await yieldToLoop();
      const start = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await run();
      const elapsed = Number(process.hrtime.bigint() - start);
      samples[name]!.push(elapsed / iterations);
    }
  }
  return samples;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nanoseconds a synchronous function takes per call, over `iterations` calls. */
export function timeSync(fn: (i: number) => void, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** A seeded generator (mulberry32), so every process measures the same samples. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lognormal latencies (ms) like RPC timings: median `medianMs`, shape `sigma`. */
export function lognormalSamples(
  count: number,
  medianMs: number,
  sigma: number,
  seed = 42,
): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // Box–Muller.
    const u = Math.max(random(), Number.MIN_VALUE);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    out[i] = medianMs * Math.exp(sigma * z);
  }
  return out;
}
