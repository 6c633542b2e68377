import type { Attributes } from "@opentelemetry/api";
import type { FunctionKind, Transport } from "../core/callTarget.js";
import type { LensError } from "../errors/index.js";
import type { ServerSpanRecord } from "./serverSpan.js";

/** Something that happened during a call: a retry, a breaker transition, a server log line. */
export interface CallEvent {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly attributes?: Attributes;
}

/** One attempt of a call that made more than one. */
export interface AttemptRecord {
  /** Counting from 1. */
  readonly attempt: number;
  readonly startedAt: number;
  readonly durationMs: number;
  /** `null` when this attempt succeeded. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * The outcome of one logical call, handed to metrics, health and the DevTools bridge once the call
 * ends. It mirrors the call's spans but is independent of OpenTelemetry, so the panel and health
 * work under the no-op tracer too. On the success path its arrays are shared empty ones.
 */
export interface CallRecord {
  /** `{kind} {module:function}`, as the span is named. */
  readonly name: string;
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly transport: Transport;
  readonly serverAddress: string;
  /** Epoch milliseconds at the start of the call. */
  readonly startedAt: number;
  /** Wall time across every attempt and backoff, in milliseconds. */
  readonly durationMs: number;
  readonly attempts: number;
  /** Per-attempt detail; empty when the call made one attempt. */
  readonly attemptDetails: readonly AttemptRecord[];
  /** Retries, breaker transitions and server log lines, in order (capped per call). */
  readonly events: readonly CallEvent[];
  /** `null` on success. */
  readonly error: LensError | null;
  /** Ids of the logical span; all zeros under the no-op tracer. */
  readonly traceId: string;
  readonly spanId: string;
  /** The SDK's own fault injection shaped this call. */
  readonly faultInjected: boolean;
  /** A subscription's first result (or a failure after it) rather than a one-shot call. */
  readonly subscription: boolean;
  /**
   * Of `durationMs`, the time the attempt that settled the call (the last one) waited for the
   * WebSocket: the time its client's socket was down while the attempt was pending (a cold
   * connect, held by the client until a reconnect, or dropped in flight and re-sent), the same
   * measure for subscriptions and one-shot calls. When the socket stayed connected a
   * subscription's first result says 0 and a one-shot call leaves it out. Absent over HTTP, which
   * has no socket. Kept apart so an outage or a slow connect never reads as a slow backend:
   * health's connection check judges it (`thresholds.connectWaitMs`).
   */
  readonly connectMs?: number;
  /**
   * The function's own latency: the time of the attempt that settled the call (the last one, with
   * or without success), minus `connectMs`. Earlier attempts, backoffs, a wait for a bulkhead slot
   * or for the network to come back are in `durationMs` only; one-shot calls and subscriptions
   * alike. When the call was retried, the last of `attemptDetails` lasts `connectMs` +
   * `functionMs`, and `durationMs` = earlier attempts + backoffs + that. `null` when nothing timed
   * it: an open breaker refused the settling attempt (the function never ran), or a subscription's
   * failure after its first result (the server pushed it). Absent means `durationMs` (nothing
   * waited). Metrics and health's query latency read this, and the call's span carries it as
   * `convex.function.duration_ms`.
   */
  readonly functionMs?: number | null;
  /**
   * A subscription's failure after its first result (the record covers the failure from when it
   * was first seen until it surfaced, or until a retry masked it), not its first result.
   */
  readonly afterFirstResult?: boolean;
  /** The call failed at least once and a retry (or a breaker probe) masked it: a recovered failure. */
  readonly recovered?: boolean;
  /** Redacted previews, when capture is on. */
  readonly argsPreview?: string;
  readonly resultPreview?: string;
  /**
   * Spans the function reported about its own execution (`traced()` on the server, for functions
   * marked `propagate: true`), placed within the attempt that received them. Absent when none.
   */
  readonly serverSpans?: readonly ServerSpanRecord[];
}

/** Shared by every record that has none, so the success path allocates no arrays. */
export const NO_EVENTS: readonly CallEvent[] = Object.freeze([]);
/** Shared by every single-attempt record. */
export const NO_ATTEMPTS: readonly AttemptRecord[] = Object.freeze([]);
