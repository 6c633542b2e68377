import type { HealthApi } from "../modules/health.js";
import type { MetricsApi } from "../modules/metrics.js";
import type { HealthReport } from "../telemetry/health.js";
import { cachedStore, keepWhileSame } from "./cachedStore.js";
import type { HookNeeding } from "./register.js";
import { storeHook } from "./storeHook.js";
import { requireModule } from "./useLens.js";

/**
 * What a report shows, as a string to compare: everything but `at` (the time of reading, new at
 * every read) and the checks' `details` (call counts that move with every call).
 */
export function healthKey(report: HealthReport): string {
  return JSON.stringify({
    ...report,
    at: 0,
    checks: report.checks.map(({ details, ...check }) => check),
  });
}

/**
 * The lens's health report. Needs the health module (`createLens({ use: [metrics(), health()] })`):
 * without it the hook throws a CONFIGURATION error, and a registered lens type (see `Register`)
 * makes that a type error. Re-renders when the status, `pending`, `live`/`ready`, or any check's
 * verdict, value or message changes (metrics changes arrive at most every 250 ms), never on a timer.
 * Renders read `lens.peekHealth()`, which changes nothing: stepping the hysteresis (and telling
 * `onHealthChange` listeners) is left to the health model's own evaluations, which subscribing
 * starts, so no listener ever runs while React renders.
 */
export const useHealth = storeHook((any) => {
  const lens = requireModule<HealthApi & MetricsApi>(
    any,
    "peekHealth",
    "useHealth",
    "metrics(), health()",
  );
  return cachedStore(
    () => lens.peekHealth(),
    // These are all the sources whose change can change a report.
    (refresh) => {
      const stops = [
        lens.onHealthChange(refresh),
        lens.onMetricsChange(refresh),
        lens.onBreakerChange(refresh),
        lens.online.subscribe(refresh),
        lens.online.subscribeConnection(refresh),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
    keepWhileSame(healthKey),
  );
  // The hook's type depends on the app's registered lens (see `Register`), which this file cannot
  // see: hence the cast through unknown.
}) as unknown as HookNeeding<
  HealthApi & MetricsApi,
  () => HealthReport,
  "useHealth() needs createLens({ use: [metrics(), health()] })"
>;
