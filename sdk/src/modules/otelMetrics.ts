import type { MeterProvider } from "@opentelemetry/api";
import { OtelCallMetrics } from "../telemetry/otelMetrics.js";
import type { LensModule } from "./lensModule.js";
import { moduleOptions } from "./moduleOptions.js";

/** Options of the {@link otelMetrics} module. */
export interface OtelMetricsOptions {
  /**
   * Where the metrics go. Default: the global MeterProvider from `@opentelemetry/api`, once one is
   * registered; `null` turns them off.
   */
  meterProvider?: MeterProvider | null;
}

/**
 * OpenTelemetry metrics for apps that export them: the `rpc.client.call.duration` histogram and the
 * `convex.client.calls` counter. Adds nothing to the lens's API.
 */
// biome-ignore lint/complexity/noBannedTypes: the module adds no API; `{}` is the empty one.
export function otelMetrics(options?: OtelMetricsOptions): LensModule<"otelMetrics", {}> {
  const { meterProvider } = moduleOptions("otelMetrics", options, {
    meterProvider: {
      what: "a MeterProvider or null",
      test: (v) => v == null || typeof (v as { getMeter?: unknown }).getMeter === "function",
    },
  });
  return {
    name: "otelMetrics",
    install(host) {
      const recorder = new OtelCallMetrics({ ...host, meterProvider }); // and its clock, diagnostics
      return { api: {}, dispose: host.onCall((record) => recorder.record(record)) };
    },
  };
}
