import type { BreakerSnapshot } from "@convex-lens/sdk";

// Clock times rather than "in 3 s": the table re-renders on transitions, not on a timer.
const clock = (at: number) => new Date(at).toLocaleTimeString();

/**
 * The Breakers table's "Next probe" cell: when a breaker will next let a call through. Half-open
 * lets the next call through as a probe, so until one is sent nothing is probing (issue 15 §3).
 */
export function nextProbe(breaker: BreakerSnapshot): string {
  if (breaker.isolated) return "held open by hand";
  if (breaker.state === "half-open") {
    return breaker.halfOpenInFlight > 0 ? "probing" : "waiting for the next call";
  }
  if (breaker.state !== "open" || breaker.nextProbeAt === undefined) return "—";
  return clock(breaker.nextProbeAt);
}
