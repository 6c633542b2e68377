import type { DevtoolsInflightCall } from "./devtoolsHost.js";
import { PROTOCOL_LIMITS, type WireInflightCall, type WireInflightCalls } from "./protocol.js";

/**
 * A cheap fingerprint of the calls in flight: it changes when one begins or settles, or when what
 * one waits for or its attempt changes, so the bridge sends a snapshot only then. Elapsed time is
 * not in it: the panel counts it from `startedAt`.
 */
export function inflightFingerprint(calls: readonly DevtoolsInflightCall[]): string {
  let out = "";
  for (const c of calls) out += `|${c.id}:${c.waitingFor}:${c.attempt}`;
  return out;
}

/**
 * The calls in flight as one protocol item: at most `maxInflightCalls`, the first begun first,
 * `total` saying how many there were. Each entry is a handful of short fields, so the count caps
 * the bytes (about 300 a call).
 */
export function toWireInflightCalls(
  calls: readonly DevtoolsInflightCall[],
  at: number,
): WireInflightCalls {
  const out: WireInflightCall[] = [];
  for (const call of calls) {
    if (out.length >= PROTOCOL_LIMITS.maxInflightCalls) break;
    out.push({
      id: String(call.id).slice(0, PROTOCOL_LIMITS.maxIdLength),
      functionPath: String(call.functionPath).slice(0, PROTOCOL_LIMITS.maxIdLength),
      kind: call.kind,
      transport: call.transport,
      startedAt: nonNegative(call.startedAt),
      attempt: Number.isSafeInteger(call.attempt) && call.attempt > 0 ? call.attempt : 1,
      waitingFor: call.waitingFor,
    });
  }
  return { type: "inflight", at, total: calls.length, calls: out };
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
