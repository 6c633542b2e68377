// Latency quantiles: the SDK's DDSketch against store-and-sort (exact) and @datadog/sketches-js, at
// 1e3, 1e5 and 1e6 lognormal samples: ns per record, query time for p50+p95+p99, memory and the
// largest relative error against the exact quantiles.
import { DDSketch as DatadogSketch } from "@datadog/sketches-js";
import { DDSketch } from "../../sdk/src/telemetry/ddsketch.js";
import {
  collectGarbage,
  lognormalSamples,
  type Measurement,
  median,
  report,
  timeSync,
} from "./harness.js";

const QUANTILES = [0.5, 0.95, 0.99] as const;
const measurements: Measurement[] = [];

interface Method {
  readonly name: string;
  create(): unknown;
  record(state: unknown, value: number): void;
  query(state: unknown): number[];
  /** Bytes the structure holds, when it can say; otherwise measured as heap growth. */
  bytes?(state: unknown): number;
}

const exactQuantiles = (sorted: Float64Array) =>
  QUANTILES.map(
    (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!,
  );

const methods: Method[] = [
  {
    name: "store all + sort (Float64Array)",
    create: () => ({ values: new Float64Array(1_000_000), n: 0 }),
    record: (state, value) => {
      const s = state as { values: Float64Array; n: number };
      s.values[s.n++] = value;
    },
    query: (state) => {
      const s = state as { values: Float64Array; n: number };
      return exactQuantiles(s.values.slice(0, s.n).sort());
    },
    bytes: (state) => 8 * (state as { n: number }).n,
  },
  {
    name: "Convex Lens DDSketch (α=0.01, ≤1,024 bins)",
    create: () => new DDSketch(),
    record: (state, value) => (state as DDSketch).add(value),
    query: (state) => QUANTILES.map((q) => (state as DDSketch).quantile(q)!),
    bytes: (state) => (state as DDSketch).byteLength,
  },
  {
    name: "@datadog/sketches-js DDSketch (α=0.01)",
    create: () => new DatadogSketch({ relativeAccuracy: 0.01 }),
    record: (state, value) => (state as DatadogSketch).accept(value),
    query: (state) => QUANTILES.map((q) => (state as DatadogSketch).getValueAtQuantile(q)),
  },
];

for (const count of [1_000, 100_000, 1_000_000]) {
  const samples = lognormalSamples(count, 40, 0.8);
  const exact = exactQuantiles(samples.slice().sort());
  const caseName = `${count.toLocaleString("en")} lognormal samples`;
  for (const method of methods) {
    const recordTimes: number[] = [];
    const queryTimes: number[] = [];
    let state: unknown;
    let heapGrowth = Number.NaN;
    for (let round = 0; round < 5; round++) {
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      state = method.create();
      recordTimes.push(timeSync((i) => method.record(state, samples[i]!), count));
      collectGarbage();
      heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      queryTimes.push(timeSync(() => method.query(state), count >= 1_000_000 ? 3 : 50));
    }
    const estimates = method.query(state);
    const maxError = Math.max(...estimates.map((v, i) => Math.abs(v - exact[i]!) / exact[i]!));
    const bytes = method.bytes ? method.bytes(state) : Math.max(0, heapGrowth);
    measurements.push(
      {
        case: caseName,
        variant: method.name,
        metric: "record",
        unit: "ns",
        value: median(recordTimes),
      },
      {
        case: caseName,
        variant: method.name,
        metric: "query p50+p95+p99",
        unit: "ns",
        value: median(queryTimes),
      },
      { case: caseName, variant: method.name, metric: "memory", unit: "bytes", value: bytes },
      {
        case: caseName,
        variant: method.name,
        metric: "max rel. error",
        unit: "%",
        value: 100 * maxError,
      },
    );
  }
}
report("sketch", measurements);
