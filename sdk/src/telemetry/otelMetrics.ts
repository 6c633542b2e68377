import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Histogram,
  type MeterProvider,
  metrics,
} from "@opentelemetry/api";
import { type Clock, systemClock } from "../core/clock.js";
import { SDK_NAME, SDK_VERSION } from "../version.js";
import type { CallRecord } from "./callRecord.js";
import { Diagnostics } from "./diagnostics.js";
import {
  ATTR_CONVEX_FUNCTION_KIND,
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  RPC_SYSTEM_CONVEX,
} from "./semconv.js";

/** Histogram of logical call durations, in seconds (OTel RPC semantic conventions). */
export const METRIC_RPC_CLIENT_CALL_DURATION = "rpc.client.call.duration";
/**
 * Counter of finished logical calls. Ours: the RPC conventions define no call counter (the
 * histogram's count is one), but a plain counter is what most dashboards want to sum.
 */
export const METRIC_CONVEX_CLIENT_CALLS = "convex.client.calls";

// The OTel semantic conventions' advice for RPC and HTTP durations, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
// How often to look again for a global MeterProvider registered after the lens was created.
const GLOBAL_RECHECK_MS = 5_000;

/** The fields of a {@link CallRecord} OTel metrics read. */
export type OtelMetricsCall = Pick<
  CallRecord,
  "functionPath" | "kind" | "durationMs" | "error" | "startedAt"
>;

/** Options of {@link OtelCallMetrics}. */
export interface OtelCallMetricsOptions {
  /**
   * Where metrics go. `undefined`: the global provider from `@opentelemetry/api`, once one that is
   * not the no-op is registered (looked up again every 5 s until then). `null`: off.
   */
  meterProvider?: MeterProvider | null;
  clock?: Clock;
  /** Where a throwing meter is counted (source "meter"). */
  diagnostics?: Diagnostics;
}

interface Instruments {
  readonly duration: Histogram;
  readonly calls: Counter;
}

/**
 * Records every finished call as OpenTelemetry metrics, for apps that export metrics: the
 * `rpc.client.call.duration` histogram and the `convex.client.calls` counter, with `rpc.method`,
 * `convex.function.kind`, `rpc.system.name` and, on failure, `error.type`. Does nothing (one branch
 * per call) while no real MeterProvider is available. The SDK's own sketches do not depend on it.
 */
export class OtelCallMetrics {
  private instruments: Instruments | null = null;
  private nextGlobalCheck = -Infinity;
  private readonly clock: Clock;
  private readonly diagnostics: Diagnostics;
  private readonly provider: MeterProvider | null | undefined;

  constructor(options: OtelCallMetricsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.diagnostics = options.diagnostics ?? new Diagnostics();
    this.provider = options.meterProvider;
    if (this.provider) this.instruments = this.create(this.provider);
  }

  /** Whether calls are being recorded (a provider was given or a real global one was found). */
  get active(): boolean {
    return this.instruments !== null || this.lookUpGlobal(this.clock.now()) !== null;
  }

  /** Records one finished call. Meant as a `rt.onCall` listener; never throws. */
  record(call: OtelMetricsCall): void {
    // The call's own time, not a clock read: this runs on every call.
    const instruments = this.instruments ?? this.lookUpGlobal(call.startedAt + call.durationMs);
    if (instruments === null) return;
    try {
      const attributes: Attributes = {
        [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_CONVEX,
        [ATTR_RPC_METHOD]: call.functionPath,
        [ATTR_CONVEX_FUNCTION_KIND]: call.kind,
      };
      if (call.error !== null) attributes[ATTR_ERROR_TYPE] = call.error.code;
      instruments.duration.record(Math.max(0, call.durationMs) / 1_000, attributes);
      instruments.calls.add(1, attributes);
    } catch (error) {
      this.diagnostics.record("meter", error);
    }
  }

  private lookUpGlobal(now: number): Instruments | null {
    if (this.provider !== undefined) return this.instruments; // given explicitly, or turned off
    if (now < this.nextGlobalCheck) return null;
    this.nextGlobalCheck = now + GLOBAL_RECHECK_MS;
    this.instruments = this.create(metrics.getMeterProvider());
    return this.instruments;
  }

  private create(provider: MeterProvider): Instruments | null {
    try {
      const meter = provider.getMeter(SDK_NAME, SDK_VERSION);
      // The API hands out this very meter when no provider is registered.
      if (meter === createNoopMeter()) return null;
      return {
        duration: meter.createHistogram(METRIC_RPC_CLIENT_CALL_DURATION, {
          description: "Duration of logical Convex calls, every attempt and backoff included.",
          unit: "s",
          advice: { explicitBucketBoundaries: DURATION_BUCKETS },
        }),
        calls: meter.createCounter(METRIC_CONVEX_CLIENT_CALLS, {
          description: "Finished logical Convex calls.",
          unit: "{call}",
        }),
      };
    } catch (error) {
      this.diagnostics.record("meter", error);
      return null;
    }
  }
}
