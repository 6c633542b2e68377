import type { FunctionKind } from "../core/callTarget.js";
import type { MetricsApi } from "../modules/metrics.js";
import type { FunctionMetrics, MetricsSnapshot } from "../telemetry/metricsStore.js";
import { cachedStore } from "./cachedStore.js";
import type { HookNeeding } from "./register.js";
import { storeHook } from "./storeHook.js";
import { requireModule } from "./useLens.js";

/**
 * Structural sharing between snapshots: a function whose counts did not move keeps its previous
 * object, so a component reading it is not re-rendered by calls to other functions. A series'
 * window can only change by a call or by a sub-window expiring, and either moves these counts.
 */
export function shareMetrics(previous: MetricsSnapshot, next: MetricsSnapshot): MetricsSnapshot {
  if (next.version === previous.version) return previous;
  const before = new Map<string, FunctionMetrics>();
  for (const fn of previous.functions) before.set(`${fn.kind} ${fn.functionPath}`, fn);
  const functions = next.functions.map((fn) => {
    const old = before.get(`${fn.kind} ${fn.functionPath}`);
    return old !== undefined &&
      old.session.calls === fn.session.calls &&
      old.window.calls === fn.window.calls &&
      old.window.failures === fn.window.failures
      ? old
      : fn;
  });
  return { ...next, functions };
}

const useMetricsStore = storeHook((any) => {
  const lens = requireModule<MetricsApi>(any, "metrics", "useFunctionMetrics", "metrics()");
  return cachedStore(
    () => lens.metrics(),
    (refresh) => lens.onMetricsChange(refresh),
    shareMetrics,
  );
});

/**
 * The metrics hook's two forms. Both need the metrics module (`createLens({ use: [metrics()] })`):
 * without it they throw a CONFIGURATION error, and a registered lens type (see `Register`) makes
 * that a type error.
 */
interface FunctionMetricsHook {
  /** Every function's metrics, re-rendering after calls (at most every 250 ms, the lens's throttle). */
  (): MetricsSnapshot;
  /**
   * One function's metrics (`module:function`), or `undefined` before its first call. Re-renders
   * only when that function was called (or its rolling window moved), not for other functions.
   * A Convex function has one kind; pass `kind` only to pick among paths called as several.
   */
  (functionPath: string, kind?: FunctionKind): FunctionMetrics | undefined;
}

/** Per-function metrics from the lens's metrics module; see {@link FunctionMetricsHook}. */
// The hook's type depends on the app's registered lens (see `Register`), which this file cannot see:
// hence the cast through unknown.
export const useFunctionMetrics = useMetricsOf as unknown as HookNeeding<
  MetricsApi,
  FunctionMetricsHook,
  "useFunctionMetrics() needs createLens({ use: [metrics()] })"
>;

function useMetricsOf(
  functionPath?: string,
  kind?: FunctionKind,
): MetricsSnapshot | FunctionMetrics | undefined {
  return useMetricsStore((snapshot) =>
    functionPath === undefined
      ? snapshot
      : snapshot.functions.find(
          (fn) => fn.functionPath === functionPath && (kind === undefined || fn.kind === kind),
        ),
  );
}
