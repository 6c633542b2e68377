import type { FunctionKind } from "../core/callTarget.js";
import type { FunctionMetrics, MetricsSnapshot } from "../telemetry/metricsStore.js";
import { cachedStore } from "./cachedStore.js";
import { storeHook } from "./storeHook.js";

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

const useMetricsStore = storeHook((lens) =>
  cachedStore(
    () => lens.metrics(),
    (refresh) => lens.onMetricsChange(refresh),
    shareMetrics,
  ),
);

/** Every function's metrics, re-rendering after calls (at most every 250 ms, the lens's throttle). */
export function useFunctionMetrics(): MetricsSnapshot;
/**
 * One function's metrics (`module:function`), or `undefined` before its first call. Re-renders
 * only when that function was called (or its rolling window moved), not for other functions.
 * A Convex function has one kind; pass `kind` only to pick among paths called as several.
 */
export function useFunctionMetrics(
  functionPath: string,
  kind?: FunctionKind,
): FunctionMetrics | undefined;
export function useFunctionMetrics(
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
