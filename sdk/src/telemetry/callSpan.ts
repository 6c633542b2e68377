import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { LensError } from "../errors/index.js";
import type { CallEvent } from "./callRecord.js";
import type { Diagnostics } from "./diagnostics.js";
import type { Redactor } from "./redact.js";
import { ATTR_CONVEX_APP_ERROR_CODE, ATTR_CONVEX_REQUEST_ID, ATTR_ERROR_TYPE } from "./semconv.js";

// A chatty function can log thousands of lines in one call; the record keeps the first ones.
const MAX_EVENTS_PER_CALL = 100;

const INVALID_SPAN = trace.wrapSpanContext({
  traceId: "00000000000000000000000000000000",
  spanId: "0000000000000000",
  traceFlags: 0,
});

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

  private readonly diagnostics: Diagnostics;

  private constructor(
    readonly span: Span,
    private readonly guards: SpanGuards,
  ) {
    this.diagnostics = guards.diagnostics;
  }

  /** Starts a CLIENT span; a throwing tracer yields an inert span and a diagnostics count. */
  static start(
    tracer: Tracer,
    name: string,
    attributes: Attributes,
    guards: SpanGuards,
    parent?: CallSpan,
    startTime?: number,
  ): CallSpan {
    let span: Span;
    try {
      const ctx: Context = parent ? trace.setSpan(context.active(), parent.span) : context.active();
      span = tracer.startSpan(
        name,
        startTime === undefined
          ? { kind: SpanKind.CLIENT, attributes }
          : { kind: SpanKind.CLIENT, attributes, startTime },
        ctx,
      );
    } catch (error) {
      guards.diagnostics.record("tracer", error);
      span = INVALID_SPAN;
    }
    return new CallSpan(span, guards);
  }

  /** The ids that tie metrics and the DevTools panel back to the trace. */
  ids(): { traceId: string; spanId: string } {
    try {
      const { traceId, spanId } = this.span.spanContext();
      return { traceId, spanId };
    } catch (error) {
      this.diagnostics.record("span", error);
      return { traceId: "", spanId: "" };
    }
  }

  /** Sets one attribute; ignored after end. */
  set(key: string, value: AttributeValue): void {
    if (this.ended) return;
    try {
      this.span.setAttribute(key, value);
    } catch (error) {
      this.diagnostics.record("span", error);
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
      this.diagnostics.record("span", error);
    }
  }

  /**
   * Marks the span failed with a classified error: the taxonomy code as `error.type`, its request
   * id and app code, and its message as the status, redacted (a ConvexError's data withheld).
   */
  failWith(error: LensError): void {
    if (this.ended) return;
    if (error.requestId) this.set(ATTR_CONVEX_REQUEST_ID, error.requestId);
    if (error.appCode) this.set(ATTR_CONVEX_APP_ERROR_CODE, error.appCode);
    try {
      const message = this.guards.redactor.errorMessage(error);
      this.span.setAttribute(ATTR_ERROR_TYPE, error.code);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    } catch (error) {
      this.diagnostics.record("span", error);
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
      this.diagnostics.record("span", error);
    }
  }
}
