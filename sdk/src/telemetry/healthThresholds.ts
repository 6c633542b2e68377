import {
  ANY,
  checkOptions,
  numberRule,
  optional,
  optionError,
  type Rule,
  withDefaults,
} from "../core/optionChecks.js";

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
 * A first connect that keeps calls waiting past 1 s is degraded (a cold connect, with TLS and auth,
 * takes a few hundred ms); past 10 s, unhealthy. Once the socket is up, a wait past 1 s in the
 * window is degraded, never unhealthy: the client is serving again.
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

const MS = /* @__PURE__ */ optional(numberRule(0, Number.POSITIVE_INFINITY));
const RATE = /* @__PURE__ */ optional(numberRule(0, 1));
const BAND_MS = { warn: MS, critical: MS };
const BAND_RATE = { warn: RATE, critical: RATE };
// Each threshold's rule, in the order they are checked; ANY marks a band, checked on its own.
const RULES: Readonly<Record<keyof HealthThresholds, Rule>> = {
  queryLatencyAvgMs: ANY,
  queryLatencyP95Ms: ANY,
  mutationSuccess: ANY,
  errorRate: ANY,
  disconnectedMs: ANY,
  connectWaitMs: ANY,
  minCalls: /* @__PURE__ */ optional(numberRule(1, Number.POSITIVE_INFINITY, true)),
  degradeAfterMs: MS,
  recoverAfterMs: MS,
};

/**
 * Merges `input` over the defaults (undefined keeps a default) and validates it; a bad value
 * throws a RangeError naming it under `path` ("thresholds.minCalls must be an integer >= 1, got 0").
 */
export function resolveHealthThresholds(
  input: HealthThresholdsInput = {},
  path = "thresholds",
): HealthThresholds {
  checkOptions(input, path, RULES);
  const resolved: Record<string, unknown> = withDefaults<HealthThresholdsInput>(
    defaultHealthThresholds,
    input,
  );
  for (const [name, fallback] of Object.entries(defaultHealthThresholds)) {
    if (typeof fallback === "number") continue;
    const at = `${path}.${name}`;
    const given = input[name as keyof HealthThresholds] as Partial<ThresholdBand> | undefined;
    // Rates are fractions; success is judged from below (critical <= warn), the rest from above.
    const success = name === "mutationSuccess";
    if (given !== undefined) {
      checkOptions(given, at, success || name === "errorRate" ? BAND_RATE : BAND_MS);
    }
    const band = withDefaults<ThresholdBand>(fallback, given);
    const [low, high] = success ? (["critical", "warn"] as const) : (["warn", "critical"] as const);
    if (band[low] > band[high]) {
      throw optionError(`${at}.${low} (${band[low]})`, `must be <= ${at}.${high} (${band[high]})`);
    }
    resolved[name] = band;
  }
  return resolved as unknown as HealthThresholds;
}
