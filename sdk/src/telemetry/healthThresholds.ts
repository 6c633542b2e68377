/** A warning and a critical bound: crossing `warn` makes a check degraded, `critical` unhealthy. */
export interface ThresholdBand {
  readonly warn: number;
  readonly critical: number;
}

/**
 * When each health check trips, and how long a change must hold before the reported status follows.
 * The defaults are {@link defaultHealthThresholds}; every rate is a fraction in [0, 1].
 */
export interface HealthThresholds {
  /** Average query latency over the window, ms: above warn → degraded, above critical → unhealthy. */
  readonly queryLatencyAvgMs: ThresholdBand;
  /** p95 query latency over the window, ms, judged the same way as the average. */
  readonly queryLatencyP95Ms: ThresholdBand;
  /** Share of mutations not failed by the system: below warn → degraded, below critical → unhealthy. */
  readonly mutationSuccess: ThresholdBand;
  /** Share of all calls failed by the system: above warn → degraded, above critical → unhealthy. */
  readonly errorRate: ThresholdBand;
  /** How long the WebSocket has been down, ms: at least warn → degraded, at least critical → unhealthy. */
  readonly disconnectedMs: ThresholdBand;
  /**
   * The longest wait of a call for the WebSocket to connect (a cold start, a reconnect) over the
   * window, ms: above warn → degraded, above critical → unhealthy. Judged by the connection check,
   * never as query latency.
   */
  readonly connectWaitMs: ThresholdBand;
  /**
   * Fewer calls than this in the window are too few for the bounds: a rate check then goes by
   * whether none, some or all failed, and query latency is at most degraded.
   */
  readonly minCalls: number;
  /** A worse status is reported only after it has held this long, in ms. */
  readonly degradeAfterMs: number;
  /** A better status is reported only after it has held this long, in ms. */
  readonly recoverAfterMs: number;
}

/** What `thresholds` accepts: any part of {@link HealthThresholds}; the rest keeps its default. */
export type HealthThresholdsInput = {
  readonly [K in keyof HealthThresholds]?: HealthThresholds[K] extends ThresholdBand
    ? Partial<ThresholdBand>
    : HealthThresholds[K];
};

/**
 * The defaults. Average latency, mutation success and error rate are the product's original table.
 * The p95 bounds are 3× the average ones: for lognormal latencies with σ ≈ 0.7 (typical of RPCs),
 * p95 ≈ 2.5× the mean, so a p95 past 300 ms means a tail clearly worse than a 100 ms average
 * implies, and the p95 check catches a slow tail that a good average hides. The WebSocket counts as
 * degraded as soon as it is down (hysteresis absorbs a quick reconnect) and unhealthy after 30 s.
 * A connect that keeps calls waiting past 1 s is degraded (a cold connect, with TLS and auth, takes
 * a few hundred ms); past 10 s, unhealthy.
 * Recovery waits twice as long as degradation, so a flapping backend stays reported as degraded.
 */
export const defaultHealthThresholds: HealthThresholds = Object.freeze({
  queryLatencyAvgMs: Object.freeze({ warn: 100, critical: 500 }),
  queryLatencyP95Ms: Object.freeze({ warn: 300, critical: 1_500 }),
  mutationSuccess: Object.freeze({ warn: 0.95, critical: 0.9 }),
  errorRate: Object.freeze({ warn: 0.01, critical: 0.05 }),
  disconnectedMs: Object.freeze({ warn: 0, critical: 30_000 }),
  connectWaitMs: Object.freeze({ warn: 1_000, critical: 10_000 }),
  minCalls: 5,
  degradeAfterMs: 5_000,
  recoverAfterMs: 10_000,
});

/**
 * Merges `input` over the defaults and validates it; a bad value throws a RangeError naming it and
 * the rule it breaks.
 */
export function resolveHealthThresholds(input: HealthThresholdsInput = {}): HealthThresholds {
  const resolved: Record<string, number | ThresholdBand> = {};
  for (const [name, fallback] of Object.entries(defaultHealthThresholds)) {
    const given = input[name as keyof HealthThresholds];
    if (typeof fallback === "number") {
      const value = (given as number | undefined) ?? fallback;
      const count = name === "minCalls";
      if (
        count ? !(Number.isInteger(value) && value >= 1) : !(Number.isFinite(value) && value >= 0)
      ) {
        throw new RangeError(
          `thresholds.${name} must be ${count ? "an integer ≥ 1" : "finite ms ≥ 0"}, got ${value}`,
        );
      }
      resolved[name] = value;
    } else {
      const band = given as Partial<ThresholdBand> | undefined;
      const warn = band?.warn ?? fallback.warn;
      const critical = band?.critical ?? fallback.critical;
      // Success is judged from below (critical ≤ warn), the rest from above; rates are fractions.
      const below = name === "mutationSuccess";
      const max = below || name === "errorRate" ? 1 : Infinity;
      const [low, high] = below ? [critical, warn] : [warn, critical];
      if (
        !(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && low <= high && high <= max)
      ) {
        const rule = below
          ? "0 ≤ critical ≤ warn ≤ 1"
          : `0 ≤ warn ≤ critical ${max === 1 ? "≤ 1" : "< ∞"}`;
        throw new RangeError(
          `thresholds.${name} must have ${rule}, got warn ${warn}, critical ${critical}`,
        );
      }
      resolved[name] = { warn, critical };
    }
  }
  return resolved as unknown as HealthThresholds;
}
