import { isThenable } from "../core/isThenable.js";
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

/**
 * Calls a listener with one argument, like {@link safeExecute} but without a closure per call, for
 * listeners on the hot path (one per finished call).
 */
export function safeCall<A>(
  diagnostics: Diagnostics,
  source: DiagnosticSource,
  listener: (arg: A) => unknown,
  arg: A,
): void {
  try {
    const value = listener(arg);
    if (isThenable(value))
      value.then(undefined, (error: unknown) => diagnostics.record(source, error));
  } catch (error) {
    diagnostics.record(source, error);
  }
}
