import { numberRule, optional } from "../core/optionChecks.js";
import { type MetricsSnapshot, MetricsStore } from "../telemetry/metricsStore.js";
import { type LensModule, sharedSlot } from "./lensModule.js";
import { moduleOptions } from "./moduleOptions.js";

/** Options of the {@link metrics} module. */
export interface MetricsOptions {
  /** The rolling window health reads, in ms (default 60,000). */
  windowMs?: number;
  /** Slowest calls kept per function (default 5). */
  slowestCount?: number;
  /** Most functions tracked one by one (default 500); the rest are counted as "(other)". */
  maxSeries?: number;
}

/** What the metrics module adds to a lens. */
export interface MetricsApi {
  /** Per-function metrics, over the session and over the rolling window. */
  metrics(): MetricsSnapshot;
  /** Called (throttled, at most every 250 ms) when metrics changed; returns unsubscribe. */
  onMetricsChange(listener: () => void): () => void;
}

/** The metrics module's store, for the modules that judge by it (health). */
export const metricsStoreSlot = /* @__PURE__ */ sharedSlot<MetricsStore>("metrics");

const RULES = {
  windowMs: /* @__PURE__ */ optional(/* @__PURE__ */ numberRule(1_000, 86_400_000, true)),
  slowestCount: /* @__PURE__ */ optional(/* @__PURE__ */ numberRule(0, 100, true)),
  maxSeries: /* @__PURE__ */ optional(/* @__PURE__ */ numberRule(1, 100_000, true)),
};

/**
 * The SDK's own metrics: per-function call counts, failures and latency quantiles (DDSketch, 1 %),
 * over the session and a rolling window, bounded by `maxSeries`. `lens.metrics()` reads them, and
 * health judges by them. Bad options throw a CONFIGURATION error here, at the call site.
 */
export function metrics(options?: MetricsOptions): LensModule<"metrics", MetricsApi> {
  const resolved = moduleOptions("metrics", options, RULES);
  return {
    name: "metrics",
    install(host) {
      const store = new MetricsStore({
        ...resolved,
        clock: host.clock,
        diagnostics: host.diagnostics,
      });
      // The record's own end time: the store need not read the clock on every call.
      const stop = host.onCall((record) =>
        store.record(record, record.startedAt + record.durationMs),
      );
      host.provide(metricsStoreSlot, store);
      return {
        api: {
          metrics: () => store.snapshot(),
          onMetricsChange: (listener) => store.subscribe(listener),
        },
        dispose() {
          stop();
          store.dispose();
        },
      };
    },
  };
}
