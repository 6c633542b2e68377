import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { LensError } from "../errors/index.js";
import type { CallEvent } from "./callRecord.js";
import type { Diagnostics } from "./diagnostics.js";
import type { Redactor } from "./redact.js";
import {
  ATTR_CONVEX_APP_ERROR_CODE,
  ATTR_CONVEX_REQUEST_ID,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  EVENT_EXCEPTION,
} from "./semconv.js";

// A chatty function can log thousands of lines in one call; the record keeps the first ones.
const MAX_EVENTS_PER_CALL = 100;

const NO_IDS = { traceId: "", spanId: "" } as const;

// What a throwing tracer's call gets instead: the API's invalid ids, all zeros, never recorded.
const INVALID_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** What every span of a lens is written through: failures are counted, secrets are redacted. */
export interface SpanGuards {
  readonly diagnostics: Diagnostics;
  readonly redactor: Redactor;
}

/**
 * One OpenTelemetry span, guarded. `@opentelemetry/sdk-trace-base` 2.12 lets a span processor's
 * exception escape from `startSpan` and `end` (shared/notes/convex-protocol.md), and telemetry must
 * never break the call, so every span operation goes through here. So does redaction: event text
 * (server log lines) and the status message pass through the lens's redactor, so no exporter and
 * no processor ever sees a secret the SDK wrote.
 */
export class CallSpan {
  private ended = false;
  /** Events also kept for the call's record (metrics, panel); allocated on the first one. */
  collected: CallEvent[] | null = null;
  // What {@link activeIn} saw of its `fn`, for a context manager that throws around it.
  private entered = false;
  private returned = false;
  private returnedValue: unknown;
  // Plain private fields, not `#private`: a toolchain that targets browsers without private fields
  // (Vite 6 by default, Next.js) lowers each to a WeakMap, larger and slower than the name it saves.
  private readonly guards: SpanGuards;

  private constructor(
    readonly span: Span,
    guards: SpanGuards,
    /**
     * The API's no-op span outside any trace (no tracer provider registered, or tracing
     * suppressed): a child of it, made by the same tracer in the same context, is that same
     * nothing, so the caller may skip making children and contexts for it.
     */
    readonly inert: boolean,
  ) {
    this.guards = guards;
  }

  /**
   * Starts a span with `options` (its kind and attributes; a call site builds them once) as a child
   * of whatever span `parent` holds (the caller's context, captured when the call began, so work
   * queued or scheduled later keeps its parent). A throwing tracer yields an inert span and a count.
   */
  static start(
    tracer: Tracer,
    name: string,
    options: SpanOptions,
    guards: SpanGuards,
    parent: Context,
  ): CallSpan {
    let span: Span;
    let inert = false;
    try {
      span = tracer.startSpan(name, options, parent);
      // An identity check, not `isSpanContextValid` (two regular expressions per span): the API's
      // no-op tracer hands out its one INVALID_SPAN_CONTEXT object.
      inert = span.spanContext() === INVALID_SPAN_CONTEXT && !span.isRecording();
    } catch (error) {
      guards.diagnostics.record("tracer", error);
      span = INVALID_SPAN;
    }
    return new CallSpan(span, guards, inert);
  }

  /**
   * The ids that tie metrics and the DevTools panel back to the trace; empty when they name no
   * trace anyone can find: the all-zero ids of the no-op tracer (no tracer provider), or a span
   * that was not sampled and so is exported nowhere.
   */
  ids(): { traceId: string; spanId: string } {
    // The no-op tracer's span: known invalid without the two regular expressions below.
    if (this.inert) return NO_IDS;
    try {
      const spanContext = this.span.spanContext();
      if (!isSpanContextValid(spanContext)) return NO_IDS;
      if ((spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return NO_IDS;
      return { traceId: spanContext.traceId, spanId: spanContext.spanId };
    } catch (error) {
      this.guards.diagnostics.record("span", error);
      return NO_IDS;
    }
  }

  /** `base` (the caller's context) with this span in it: where the span's work runs. */
  within(base: Context): Context {
    return trace.setSpan(base, this.span);
  }

  /**
   * Runs `fn(arg)` with `active` (a context from {@link within}) active, so what it does inside (a
   * fetch, a user span, the next hop's trace context) nests under this span. A context manager
   * that throws is counted and `fn` runs without it; a throw of `fn`'s own reaches the caller.
   */
  activeIn<A, T>(active: Context, fn: (arg: A) => T, arg: A): T {
    this.entered = false;
    this.returned = false;
    try {
      // A method and `this` rather than a closure: this runs once per attempt.
      return context.with(active, this.runEntered<A, T>, this, fn, arg);
    } catch (error) {
      if (this.entered && !this.returned) throw error;
      this.guards.diagnostics.record("tracer", error);
      // The context manager threw after `fn` returned: `fn`'s value stands; before: run it bare.
      return this.returned ? (this.returnedValue as T) : fn(arg);
    }
  }

  private runEntered<A, T>(fn: (arg: A) => T, arg: A): T {
    this.entered = true;
    const value = fn(arg);
    this.returnedValue = value;
    this.returned = true;
    return value;
  }

  /** Sets one attribute; ignored after end. */
  set(key: string, value: AttributeValue): void {
    if (this.ended) return;
    try {
      this.span.setAttribute(key, value);
    } catch (error) {
      this.guards.diagnostics.record("span", error);
    }
  }

  /**
   * Adds an event, e.g. a retry or a server log line, to the span and to the call's record; its
   * text is redacted first, so the record (and the DevTools panel) holds the redacted copy too.
   */
  event(name: string, raw?: Attributes): void {
    if (this.ended) return;
    const attributes = raw && this.redacted(raw);
    this.collected ??= [];
    const collected = this.collected;
    if (collected.length < MAX_EVENTS_PER_CALL) {
      collected.push(attributes ? { name, at: Date.now(), attributes } : { name, at: Date.now() });
    }
    try {
      this.span.addEvent(name, attributes);
    } catch (error) {
      this.guards.diagnostics.record("span", error);
    }
  }

  /**
   * Marks the span failed with a classified error: the taxonomy code as `error.type`, its request
   * id and app code, its message as the status, and an `exception` event in the shape of OTel's
   * `recordException`, both redacted (a ConvexError's data withheld) and without the stack, which
   * could carry what the message was redacted of. The event is the span's alone: the call's record
   * already holds the error.
   */
  failWith(error: LensError): void {
    if (this.ended) return;
    if (error.requestId) this.set(ATTR_CONVEX_REQUEST_ID, error.requestId);
    if (error.appCode) this.set(ATTR_CONVEX_APP_ERROR_CODE, error.appCode);
    try {
      const message = this.guards.redactor.errorMessage(error);
      this.span.setAttribute(ATTR_ERROR_TYPE, error.code);
      this.span.addEvent(EVENT_EXCEPTION, {
        [ATTR_EXCEPTION_TYPE]: typeof error.name === "string" ? error.name : "LensError",
        [ATTR_EXCEPTION_MESSAGE]: message,
      });
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    } catch (error) {
      this.guards.diagnostics.record("span", error);
    }
  }

  // Events with no text (retries, breaker transitions) are kept as they are, at no cost.
  private redacted(attributes: Attributes): Attributes {
    for (const key in attributes) {
      if (typeof attributes[key] === "string" || Array.isArray(attributes[key])) {
        return this.guards.redactor.attributes(attributes);
      }
    }
    return attributes;
  }

  /** Ends the span exactly once. */
  end(endTime?: number): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.span.end(endTime);
    } catch (error) {
      this.guards.diagnostics.record("span", error);
    }
  }
}
