import type { WireCall } from "@convex-lens/sdk/devtools-protocol";

/**
 * The latency the panel's statistics time a call by, by the SDK's own rule so its figures agree
 * with the page's metrics() (sdk/src/telemetry/metricsStore.ts, CallRecord.functionMs): the
 * settling attempt's time without the socket wait; `durationMs` when `functionMs` is absent (the
 * call waited for nothing, or an older SDK sent none); null when nothing timed it (an open breaker
 * refused the call, a subscription's failure after its first result), so it is counted but adds
 * no latency sample. The call list and detail show `durationMs`, the call's total time.
 */
export function callLatency(call: Pick<WireCall, "durationMs" | "functionMs">): number | null {
  return call.functionMs === undefined ? call.durationMs : call.functionMs;
}
