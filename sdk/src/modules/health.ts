import { ANY } from "../core/optionChecks.js";
import { invalidOption } from "../errors/invalidOption.js";
import { type HealthListener, HealthModel, type HealthReport } from "../telemetry/health.js";
import type { HealthThresholdsInput } from "../telemetry/healthThresholds.js";
import { resolveHealthThresholds } from "../telemetry/healthThresholds.js";
import type { LensModule } from "./lensModule.js";
import { metricsStoreSlot } from "./metrics.js";
import { moduleOptions } from "./moduleOptions.js";

/** Options of the {@link health} module. */
export interface HealthOptions {
  /** Health thresholds and hysteresis; any part overrides its default. */
  thresholds?: HealthThresholdsInput;
}

/** What the health module adds to a lens. */
export interface HealthApi {
  /** The health report: status, every check, `live` and `ready`. */
  health(): HealthReport;
  /**
   * The report `health()` would return now, without stepping the hysteresis or calling
   * `onHealthChange` listeners: what a render may read (`useHealth`), since renders must be pure.
   */
  peekHealth(): HealthReport;
  /** Called on every health transition with the new and the previous report; returns unsubscribe. */
  onHealthChange(listener: HealthListener): () => void;
}

/**
 * Health and readiness: a status (healthy, degraded, unhealthy) from the rolling-window metrics,
 * the connection, the network, the breakers and the subscriptions, with hysteresis. Judges by the
 * {@link metrics} module's numbers, so it needs `metrics()` in the same `use` list.
 */
export function health(options?: HealthOptions): LensModule<"health", HealthApi> {
  const { thresholds } = moduleOptions("health", options, { thresholds: ANY });
  let resolved: ReturnType<typeof resolveHealthThresholds>;
  try {
    // Named from health(), as metrics() names its own ("health().thresholds.minCalls must be …").
    resolved = resolveHealthThresholds(thresholds, "health().thresholds");
  } catch (error) {
    throw invalidOption("Convex Lens", error);
  }
  return {
    name: "health",
    requires: ["metrics"],
    install(host) {
      // The host's clock, diagnostics, online manager, breakers, subscriptions and isCritical are
      // what the model reads under the same names.
      const model = new HealthModel({
        ...host,
        metrics: host.read(metricsStoreSlot),
        connection: { ...host.online, hasWebSocket: host.hasWebSocket },
        thresholds: resolved,
      });
      return {
        api: {
          health: () => model.health(),
          peekHealth: () => model.peek(),
          onHealthChange: (listener) => model.onHealthChange(listener),
        },
        dispose: () => model.dispose(),
      };
    },
  };
}
