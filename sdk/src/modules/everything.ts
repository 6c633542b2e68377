import { ANY } from "../core/optionChecks.js";
import type { LensLogger, LoggerOptions } from "../telemetry/logger.js";
import { alerts } from "./alerts.js";
import { faults } from "./faults.js";
import { globalHandlers } from "./globalHandlers.js";
import { type HealthOptions, health } from "./health.js";
import { logger } from "./logger.js";
import { type MetricsOptions, metrics } from "./metrics.js";
import { moduleOptions } from "./moduleOptions.js";
import { type OtelMetricsOptions, otelMetrics } from "./otelMetrics.js";

/** Options of the {@link everything} preset: each module's own, under its name. */
export interface EverythingOptions {
  metrics?: MetricsOptions;
  health?: HealthOptions;
  logger?: LensLogger | Omit<LoggerOptions, "diagnostics">;
  otelMetrics?: OtelMetricsOptions;
}

/**
 * Every opt-in module at once, the one-line path to a fully featured lens:
 * `createLens({ use: everything() })`. It imports them all, so the bundle carries them all; list
 * the modules one by one to pay only for those you use.
 */
export function everything(options?: EverythingOptions) {
  // Each module's factory checks its own options.
  const given = moduleOptions("everything", options, {
    metrics: ANY,
    health: ANY,
    logger: ANY,
    otelMetrics: ANY,
  });
  return [
    metrics(given.metrics),
    health(given.health),
    alerts(),
    logger(given.logger),
    globalHandlers(),
    otelMetrics(given.otelMetrics),
    faults(),
  ] as const;
}
