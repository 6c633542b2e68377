import {
  type Context,
  context,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  trace,
} from "@opentelemetry/api";
import type { LensError } from "../errors/index.js";
import type { TraceLine } from "../server/traceLine.js";
import { auditSpanAttributes } from "../telemetry/alerts.js";
import {
  type AttemptRecord,
  type CallRecord,
  NO_ATTEMPTS,
  NO_EVENTS,
} from "../telemetry/callRecord.js";
import { CallSpan } from "../telemetry/callSpan.js";
import {
  ATTR_CONVEX_AFTER_FIRST_RESULT,
  ATTR_CONVEX_ARGS,
  ATTR_CONVEX_ATTEMPTS,
  ATTR_CONVEX_CONNECTION_WAIT_MS,
  ATTR_CONVEX_FAULT_INJECTED,
  ATTR_CONVEX_FUNCTION_DURATION_MS,
  ATTR_CONVEX_RECOVERED,
  ATTR_CONVEX_RESULT,
  ATTR_CONVEX_RETRY_ATTEMPT,
  ATTR_CONVEX_RETRY_DELAY_MS,
  ATTR_ERROR_TYPE,
  EVENT_RETRY,
  EVENT_SECURITY_AUDIT,
  EVENT_SERVER_LOG,
} from "../telemetry/semconv.js";
import type { ServerSpanRecord } from "../telemetry/serverSpan.js";
import type { CallSite } from "./callSite.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { ServerLogSink } from "./serverLogRouter.js";
import { MAX_SERVER_SPANS_PER_CALL } from "./serverTraceBudget.js";

/**
 * The telemetry of one logical call: its span, its attempts and the record handed to metrics and
 * the panel when it ends. Shared by one-shot calls and subscriptions so both report alike.
 *
 * Span shape (docs/architecture.md): the logical span is INTERNAL and covers every attempt; each
 * attempt that reaches the transport is a CLIENT child, active while the transport sends, so a
 * span-to-metrics view counts exactly one outbound request per request that left the browser.
 * Both are parented by the caller's context as it was when the call began, so attempts run after
 * a bulkhead queue or a retry backoff keep their parent whatever the context manager.
 */
export class CallTrace implements ServerLogSink {
  private readonly rt: LensRuntime;
  private readonly target: CallSite;
  private readonly subscription: boolean;
  readonly span: CallSpan;
  /**
   * Epoch ms when the call began. NaN for a one-shot call that no listener wants a record of: no
   * clock is read for it then (its timeout is placed by the deadline wheel, `addAfter`).
   */
  readonly startedAt: number;
  /**
   * `performance.now()` at the start, for the record's duration; read only when a listener wants
   * records (in Node it costs an `hrtime` array), else NaN.
   */
  private readonly t0: number;
  attempts = 1;
  faultInjected = false;
  /** Ms of the settling attempt spent waiting for the socket (CallRecord.connectMs). */
  connectMs: number | undefined;
  /**
   * The function's own latency (CallRecord.functionMs): the settling (latest) attempt's time, once
   * an attempt began after the call did (a retry, a wait for a bulkhead slot or the network) or
   * waited for the socket, without that wait. `null`: nothing timed it (an open breaker refused
   * the attempt); never timed after a subscription's first result. Left undefined, the whole
   * duration is the function's.
   */
  functionMs: number | null | undefined;
  /** A subscription's failure after its first result, not its first result. */
  afterFirstResult = false;
  /** A failure was hidden behind the last good result (retried, or held by an open breaker). */
  maskedFailure = false;
  private attemptDetails: AttemptRecord[] | null = null;
  private argsPreview: string | undefined;
  private resultPreview: string | undefined;
  private ended = false;
  /**
   * The caller's context when the call began, with the logical span in it; the caller's own when
   * the logical span is inert (no tracer provider), since attempts then get no span of their own.
   */
  private readonly context: Context;
  /** The CLIENT span of the attempt the transport is working on, until it settles. */
  private sending: CallSpan | null = null;
  /** The client's console error for the latest failed attempt, printed only if the call fails. */
  private heldError: (() => void) | undefined;
  /** The latest attempt sent: where its server spans go, and since when (epoch ms). */
  private attempt: { readonly context: Context; readonly since: number } | null = null;
  /** Traced functions' lines of the attempt in flight, reported when it ends. */
  private serverLines: TraceLine[] | null = null;
  /** The server spans reported so far, for the call's record (the panel). */
  private serverSpans: ServerSpanRecord[] | null = null;

  constructor(rt: LensRuntime, target: CallSite, args: unknown, subscription: boolean) {
    this.rt = rt;
    this.target = target;
    this.subscription = subscription;
    const recorded = rt.onCall.size > 0;
    this.startedAt = recorded || subscription ? Date.now() : Number.NaN;
    this.t0 = recorded ? performance.now() : Number.NaN;
    const caller = callerContext(rt);
    const options = subscription ? target.spans.subscription : target.spans.call;
    this.span = CallSpan.start(rt.tracer, target.name, options, rt, caller);
    this.context = this.span.inert ? caller : trace.setSpan(caller, this.span.span);
    if (rt.capture?.args) {
      this.argsPreview = this.preview(args);
      if (this.argsPreview !== undefined) this.span.set(ATTR_CONVEX_ARGS, this.argsPreview);
    }
  }

  /** A server log line that came back with this call. */
  log(level: string, text: string): void {
    const reader = this.rt.serverTraces.reader;
    if (reader !== null) {
      // A traced function's line becomes spans, not a log line; an invalid one is dropped.
      const line = reader.parse(text);
      if (line === null) return;
      if (line !== undefined) {
        this.serverLines ??= [];
        if (this.serverLines.length < MAX_SERVER_SPANS_PER_CALL) this.serverLines.push(line);
        return;
      }
    }
    this.span.event(EVENT_SERVER_LOG, { level, text });
  }

  /** The CLIENT span of the attempt being sent, for the trace argument. */
  sendingSpan(): SpanContext | undefined {
    const span = this.sending;
    if (span === null) return undefined;
    try {
      return span.span.spanContext();
    } catch (error) {
      this.rt.diagnostics.record("span", error);
      return undefined;
    }
  }

  /** Keeps the client's line for the latest attempt; an earlier attempt's line is dropped. */
  holdError(print: () => void): void {
    this.heldError = print;
  }

  /**
   * Hands attempt `attempt` to the transport: starts its CLIENT span and runs `send` with that span
   * active, so a fetch or the next hop's trace context made inside nests under it. Attempts that
   * never reach the transport (breaker open, offline, an injected failure) get no CLIENT span.
   * Under an inert logical span (no tracer provider) the attempt's span would be the same no-op,
   * active or not, so none is made and `send` runs as it is.
   */
  send<T>(attempt: number, send: (sink: this) => T): T {
    this.sending?.end();
    // Where the attempt's server spans go, and since when: wanted only with end-to-end tracing.
    const tracing = this.rt.serverTraces.reader !== null;
    if (this.span.inert) {
      if (tracing) this.attempt = { context: this.context, since: Date.now() };
      return send(this);
    }
    const span = CallSpan.start(
      this.rt.tracer,
      this.target.name,
      attempt === 1
        ? this.target.spans.firstAttempt
        : {
            kind: SpanKind.CLIENT,
            attributes: { ...this.target.attributes, [ATTR_CONVEX_RETRY_ATTEMPT]: attempt },
          },
      this.rt,
      this.context,
    );
    this.sending = span;
    // One context per attempt, both where the send runs and where its server spans go.
    const active = span.within(this.context);
    if (tracing) this.attempt = { context: active, since: Date.now() };
    return span.activeIn(active, send, this);
  }

  /**
   * Ends attempt `attempt`: its CLIENT span, if it was sent, failed with `error` or not. With
   * `keepDetail` its detail goes into the record too (calls keep details only when they retry).
   * `socketWaitMs`: how long the attempt waited for a WebSocket that was down (a one-shot call's
   * cold connect or outage, connectedClock.ts); not the function's time.
   */
  endAttempt(
    attempt: number,
    attemptStartedAt: number,
    error: LensError | null,
    keepDetail: boolean,
    socketWaitMs = 0,
  ): void {
    const span = this.sending;
    if (span) {
      this.sending = null;
      if (error) span.failWith(error);
      span.end();
    }
    this.reportServerSpans();
    if (keepDetail) this.attemptEnded(attempt, attemptStartedAt, error, socketWaitMs);
    // A first attempt held offline, queued for a bulkhead slot or kept waiting for the socket: that
    // wait is not the function's. NaN: nothing read the attempt's start, so nothing can time it.
    else if (attemptStartedAt > this.startedAt || socketWaitMs > 0) {
      const ms = Date.now() - attemptStartedAt;
      if (!Number.isNaN(ms)) this.timed(ms, socketWaitMs);
    }
  }

  /** Records the retry event: attempt `attempt` failed with `error`; the next follows in `delayMs`. */
  retrying(attempt: number, error: LensError, delayMs: number): void {
    this.span.event(EVENT_RETRY, {
      [ATTR_CONVEX_RETRY_ATTEMPT]: attempt,
      [ATTR_CONVEX_RETRY_DELAY_MS]: Math.round(delayMs),
      [ATTR_ERROR_TYPE]: error.code,
    });
  }

  /**
   * Keeps the detail of one attempt, for calls that make more than one. The latest attempt times
   * the function: earlier attempts and backoffs are the call's, not its latency; nor is the
   * attempt's `socketWaitMs`, though its detail's duration covers it.
   */
  attemptEnded(
    attempt: number,
    attemptStartedAt: number,
    error: LensError | null,
    socketWaitMs = 0,
  ): void {
    this.attemptDetails ??= [];
    const details = this.attemptDetails;
    // Attempts are capped by maxAttempts (≤ 100); this only guards a misuse.
    if (details.length >= 100) return;
    const now = Date.now();
    // NaN: the call read no clock when it began (no listener then); known from here on.
    const startedAt = Number.isNaN(attemptStartedAt) ? now : attemptStartedAt;
    const durationMs = now - startedAt;
    this.timed(durationMs, socketWaitMs);
    details.push({
      attempt,
      startedAt,
      durationMs,
      error: error ? { code: error.code, message: this.rt.redactor.errorMessage(error) } : null,
    });
  }

  /** Times the function by the latest attempt: `ms` long, `socketWaitMs` of it waiting for the socket. */
  private timed(ms: number, socketWaitMs: number): void {
    this.functionMs = Math.max(0, ms - socketWaitMs);
    this.connectMs = socketWaitMs > 0 ? socketWaitMs : undefined;
  }

  /** Keeps a redacted preview of the result, when capture of results is on. */
  result(value: unknown): void {
    if (!this.rt.capture?.results) return;
    this.resultPreview = this.preview(value);
    if (this.resultPreview !== undefined) this.span.set(ATTR_CONVEX_RESULT, this.resultPreview);
  }

  /** Ends the span and hands the call's record to the lens listeners; only the first call counts. */
  finish(error: LensError | null): void {
    if (this.ended) return;
    this.ended = true;
    const { span, rt, target, attempts } = this;
    // One console line per failed call: the lens's own when it logs failures, else the client's.
    if (error && this.heldError && !rt.logsFailures()) this.heldError();
    this.heldError = undefined;
    this.reportServerSpans();
    this.sending?.end();
    if (attempts > 1) span.set(ATTR_CONVEX_ATTEMPTS, attempts);
    if (this.faultInjected) span.set(ATTR_CONVEX_FAULT_INJECTED, true);
    const recovered = error === null && (attempts > 1 || this.maskedFailure);
    if (recovered) span.set(ATTR_CONVEX_RECOVERED, true);
    if (this.afterFirstResult) span.set(ATTR_CONVEX_AFTER_FIRST_RESULT, true);
    const connectMs = this.connectMs;
    // A failure pushed after a subscription's first result: nothing timed the function.
    const functionMs = this.afterFirstResult ? null : this.functionMs;
    if (connectMs !== undefined) span.set(ATTR_CONVEX_CONNECTION_WAIT_MS, Math.round(connectMs));
    if (typeof functionMs === "number") {
      span.set(ATTR_CONVEX_FUNCTION_DURATION_MS, Math.round(functionMs));
    }
    if (error) {
      span.failWith(error);
      const audit = auditSpanAttributes(error.code, target.functionPath);
      if (audit) span.event(EVENT_SECURITY_AUDIT, audit);
    }
    span.end();
    if (rt.onCall.size === 0) return;
    const { traceId, spanId } = span.ids();
    // A listener that came during the call gets what was measured: a call nobody recorded when it
    // began is known from its end (duration 0), one timed on the wall clock only by that clock.
    const begun = !Number.isNaN(this.startedAt);
    const startedAt = begun ? this.startedAt : Date.now();
    const durationMs = !Number.isNaN(this.t0)
      ? performance.now() - this.t0
      : begun
        ? Date.now() - startedAt
        : 0;
    // Optional fields are set only when present: no temporary object per field, as spreads made.
    const record: { -readonly [K in keyof CallRecord]: CallRecord[K] } = {
      name: target.name,
      functionPath: target.functionPath,
      kind: target.kind,
      transport: target.transport,
      serverAddress: target.serverAddress,
      startedAt,
      durationMs,
      attempts,
      attemptDetails: this.attemptDetails ?? NO_ATTEMPTS,
      events: span.collected ?? NO_EVENTS,
      error,
      traceId,
      spanId,
      faultInjected: this.faultInjected,
      subscription: this.subscription,
    };
    if (connectMs !== undefined) record.connectMs = connectMs;
    if (functionMs !== undefined) record.functionMs = functionMs;
    if (this.afterFirstResult) record.afterFirstResult = true;
    if (recovered) record.recovered = true;
    if (this.argsPreview !== undefined) record.argsPreview = this.argsPreview;
    if (this.resultPreview !== undefined) record.resultPreview = this.resultPreview;
    if (this.serverSpans !== null) record.serverSpans = this.serverSpans;
    rt.onCall.notify(record);
  }

  /** Ends the spans of a call dropped before it had an outcome (a subscription closed early). */
  abandon(): void {
    this.sending?.end();
    this.span.end();
  }

  /**
   * Reports the traced functions' lines that came with the latest attempt as spans under it,
   * placed within its bounds (sent → now). Lines with no attempt (nothing was sent) are dropped.
   */
  private reportServerSpans(): void {
    const lines = this.serverLines;
    const reader = this.rt.serverTraces.reader;
    if (lines === null || reader === null) return;
    this.serverLines = null;
    const attempt = this.attempt;
    if (attempt === null) return;
    this.serverSpans ??= [];
    const room = MAX_SERVER_SPANS_PER_CALL - this.serverSpans.length;
    const window = { context: attempt.context, from: attempt.since, to: Date.now() };
    try {
      this.serverSpans.push(...reader.report(lines, window, room));
    } catch (error) {
      this.rt.diagnostics.record("server-trace", error);
    }
  }

  private preview(value: unknown): string | undefined {
    try {
      return this.rt.capture!.redactor.preview(value);
    } catch (error) {
      this.rt.diagnostics.record("redactor", error);
      return undefined;
    }
  }
}

/** The caller's context; a throwing context manager is counted and the call starts a new trace. */
function callerContext(rt: LensRuntime): Context {
  try {
    return context.active();
  } catch (error) {
    rt.diagnostics.record("tracer", error);
    return ROOT_CONTEXT;
  }
}
