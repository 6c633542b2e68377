import type { Attributes, SpanOptions } from "@opentelemetry/api";
import type { CallTarget } from "../core/callTarget.js";
import type { CircuitBreaker } from "../resilience/breaker.js";
import type { BulkheadOptions } from "../resilience/bulkhead.js";
import type { DeadlineWheel } from "../resilience/deadlineWheel.js";
import type { ResolvedPolicy } from "./policyResolver.js";
import type { SocketGate } from "./socketGate.js";
import type { AppUserMessage } from "./userMessage.js";

/**
 * Everything about calling one function that does not change from call to call: its path, span name
 * and attributes, policy and breaker. Built on the first call and reused, so the hot path does one
 * map lookup instead of canonicalising, resolving and allocating each time.
 */
export interface CallSite extends CallTarget {
  /** `{kind} {module:function}`. */
  readonly name: string;
  /** The logical span's starting attributes; shared, never mutated. */
  readonly attributes: Attributes;
  /**
   * The options of the spans every call starts with, built once: the logical span's (INTERNAL,
   * `attributes`), a subscription's (the same, marked `convex.subscription`) and the first
   * attempt's (CLIENT, `attributes` + attempt 1). Shared, never mutated.
   */
  readonly spans: {
    readonly call: SpanOptions;
    readonly subscription: SpanOptions;
    readonly firstAttempt: SpanOptions;
  };
  readonly policy: ResolvedPolicy;
  /** `null` when breakers are off for this function. */
  readonly breaker: CircuitBreaker | null;
  /**
   * The bulkhead its calls take a slot of: the policy's, except for mutations over a WebSocket,
   * which never take one. The official client owns their delivery (it queues them while the socket
   * is down and re-sends the unacknowledged ones on reconnect, where the server deduplicates them),
   * so a slot would be held through an outage, and writes beyond the bulkhead refused then would be
   * writes the raw client delivers (docs/reliability.md).
   */
  readonly bulkhead: BulkheadOptions | null;
  /**
   * Where this call's attempt timeouts run: the lens's shared wheel, or for mutations over a
   * WebSocket a wheel whose time stands still while the socket is down (connectedClock.ts).
   */
  readonly deadlines: DeadlineWheel;
  /** The lens's `userMessage` option for this function, read by `classifyError` on a ConvexError. */
  readonly appUserMessage?: AppUserMessage;
  /**
   * For a WebSocket client: the gate on its socket. While it is installed, injected latency and
   * simulated offline act there (socketGate.ts), not before the call is handed to the client.
   */
  readonly socketGate?: SocketGate;
}
