import type { CircuitOpenError } from "../errors/index.js";
import type { BreakerFallback, RefusedCall } from "../options.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";

/**
 * The result of a call its open breaker refused: the function's fallback, isolated like any user
 * hook. A fallback that throws or rejects is counted as a `hook` diagnostic and the caller gets the
 * original `CircuitOpenError`, never the fallback's own failure, so the app can still tell an open
 * breaker from a bug in its fallback's data.
 */
export function runFallback<T>(
  diagnostics: Diagnostics,
  fallback: BreakerFallback,
  error: CircuitOpenError,
  call: RefusedCall,
): Promise<T> {
  const original = (thrown: unknown): never => {
    diagnostics.record("hook", thrown);
    throw error;
  };
  try {
    // The policy was typed with the function's return type where the app used `policyFor`.
    return Promise.resolve(fallback(error, call) as T | Promise<T>).catch(original);
  } catch (thrown) {
    diagnostics.record("hook", thrown);
    return Promise.reject(error);
  }
}
