import type { DiagnosticSource, Diagnostics } from "./diagnostics.js";

/**
 * Runs a piece of telemetry or a user hook so that it can never break the call it observes, like
 * OpenTelemetry JS's `safeExecuteInTheMiddle`: a throw, or a rejected promise returned by an async
 * hook, is counted in diagnostics and `fallback` is returned instead.
 */
export function safeExecute<T>(
  diagnostics: Diagnostics,
  source: DiagnosticSource,
  fn: () => T,
  fallback: T,
): T {
  try {
    const value = fn();
    if (isThenable(value)) {
      value.then(undefined, (error: unknown) => diagnostics.record(source, error));
    }
    return value;
  } catch (error) {
    diagnostics.record(source, error);
    return fallback;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
