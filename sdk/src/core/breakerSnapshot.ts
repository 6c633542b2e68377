/** Closed: calls flow. Open: calls fail fast. Half-open: a few probes test whether it recovered. */
export type BreakerState = "closed" | "open" | "half-open";

/** What `lens.breakers()`, health and the DevTools panel show of one breaker. */
export interface BreakerSnapshot {
  scope: string;
  state: BreakerState;
  /** Failures in the window (slow successes included when they count as failures). */
  failures: number;
  /** Calls with a verdict in the window (closed-state calls only). */
  calls: number;
  slowCalls: number;
  /** The length of the window those counts cover (`breaker.windowMs`). */
  windowMs: number;
  /** When the breaker last opened; set while open or half-open. */
  openedAt?: number;
  /** When it will admit probes; set while open and not isolated. */
  nextProbeAt?: number;
  /** Held open by hand until `reset()`. */
  isolated: boolean;
  halfOpenInFlight: number;
}

/** One state change, for span events, health and the panel. */
export interface BreakerTransition {
  scope: string;
  from: BreakerState;
  to: BreakerState;
  /**
   * Why: "failure-rate", "slow-call-rate", "consecutive-failures", "open-elapsed", "probe-failed",
   * "probe-slow", "probes-succeeded", "isolated" or "reset".
   */
  reason: string;
  at: number;
}
