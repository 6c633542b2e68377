import type { WireFunctionKind, WireFunctionMetrics } from "@convex-lens/sdk/devtools-protocol";
import { DDSketch } from "@convex-lens/sdk/sketch";
import type { CallEntry } from "./callEntry";
import { callLatency } from "./callLatency";

/** One row of the health view's per-function table: the SDK's metrics row, less the mean it omits. */
export type FunctionRow = Omit<WireFunctionMetrics, "mean">;

interface Accumulator {
  functionPath: string;
  kind: WireFunctionKind;
  count: number;
  errors: number;
  latencies: DDSketch;
}

/**
 * Per-function figures computed in the panel from the calls it received, for pages whose SDK
 * sends no metrics snapshot. Each call is timed by the SDK's rule ({@link callLatency}) into the
 * SDK's own DDSketch, so the panel's percentiles are the same figure (within 1 %) as the SDK's
 * metrics. At most `maxFunctions` functions (an app has a bounded set; past the cap new functions
 * are counted in `overflow` only).
 */
export class FunctionStats {
  private readonly byFunction = new Map<string, Accumulator>();
  overflow = 0;

  constructor(readonly maxFunctions = 500) {}

  add(entry: CallEntry): void {
    const key = `${entry.kind}\u0000${entry.functionPath}`;
    let acc = this.byFunction.get(key);
    if (acc === undefined) {
      if (this.byFunction.size >= this.maxFunctions) {
        this.overflow++;
        return;
      }
      acc = {
        functionPath: entry.functionPath,
        kind: entry.kind,
        count: 0,
        errors: 0,
        latencies: new DDSketch(),
      };
      this.byFunction.set(key, acc);
    }
    acc.count++;
    if (entry.status === "error") acc.errors++;
    const latency = callLatency(entry);
    if (latency !== null) acc.latencies.add(latency);
  }

  /** Rows sorted by call count, busiest first. */
  rows(): FunctionRow[] {
    return [...this.byFunction.values()]
      .map((acc) => {
        const { latencies } = acc;
        return {
          functionPath: acc.functionPath,
          kind: acc.kind,
          count: acc.count,
          errors: acc.errors,
          errorRate: acc.count === 0 ? 0 : acc.errors / acc.count,
          p50: latencies.quantile(0.5) ?? null,
          p95: latencies.quantile(0.95) ?? null,
          p99: latencies.quantile(0.99) ?? null,
        };
      })
      .sort((a, b) => b.count - a.count || a.functionPath.localeCompare(b.functionPath));
  }

  clear(): void {
    this.byFunction.clear();
    this.overflow = 0;
  }
}
