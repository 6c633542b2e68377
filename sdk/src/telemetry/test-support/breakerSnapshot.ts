import type { BreakerSnapshot } from "../../core/breakerSnapshot.js";

/** A breaker of `scope` in `state` (open unless told) after ten failed calls, no probe in flight. */
export function breakerSnapshot(
  scope: string,
  state: BreakerSnapshot["state"] = "open",
): BreakerSnapshot {
  return {
    scope,
    state,
    failures: 10,
    calls: 10,
    slowCalls: 0,
    windowMs: 30_000,
    isolated: false,
    halfOpenInFlight: 0,
  };
}
