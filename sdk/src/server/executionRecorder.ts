import { randomHex, type TraceContext } from "./traceContext.js";
import {
  formatTraceLine,
  MAX_SPANS_PER_EXECUTION,
  MAX_TRACE_LINE_CHARS,
  TRACE_LINE_VERSION,
  type TraceAttributeValue,
  type TraceLine,
  type TraceLineSpan,
  type TraceSpanKind,
} from "./traceLine.js";

/** A span being recorded; `end` is idempotent and never throws. */
export interface OpenSpan {
  readonly spanId: string;
  /** The context a callee of this span receives. */
  readonly context: TraceContext;
  setAttribute(key: string, value: TraceAttributeValue): void;
  end(error?: unknown): void;
}

/**
 * The spans of one function execution, capped: past `MAX_SPANS_PER_EXECUTION` a span is counted
 * but not kept, so a function that reads in a loop pays a bounded cost and never throws for it.
 */
export class ExecutionRecorder {
  readonly traceId: string;
  readonly execution: OpenSpan;
  private readonly spans: TraceLineSpan[] = [];
  private readonly link: TraceLine["l"];
  private overflow = 0;

  constructor(kind: string, path: string | undefined, incoming: TraceContext | undefined) {
    const nested = incoming !== undefined && !incoming.link;
    this.traceId = nested ? incoming.traceId : randomHex(16);
    this.link = incoming?.link === true ? { t: incoming.traceId, i: incoming.spanId } : undefined;
    this.execution = this.start(
      path === undefined ? kind : `${kind} ${path}`,
      "server",
      nested ? incoming.spanId : undefined,
      { "convex.function.kind": kind, ...(path === undefined ? {} : { "rpc.method": path }) },
    );
  }

  /** Starts a child of the execution span. */
  child(
    name: string,
    kind: TraceSpanKind,
    attributes: Record<string, TraceAttributeValue>,
  ): OpenSpan {
    return this.start(name, kind, this.execution.spanId, attributes);
  }

  /** The line for everything recorded so far, shortened (and the cut counted) to fit the cap. */
  line(): string {
    const kept = [...this.spans];
    let overflow = this.overflow;
    for (;;) {
      const line: TraceLine = {
        v: TRACE_LINE_VERSION,
        t: this.traceId,
        ...(this.link === undefined ? {} : { l: this.link }),
        s: kept,
        o: overflow,
      };
      const text = formatTraceLine(line);
      if (text.length <= MAX_TRACE_LINE_CHARS || kept.length <= 1) return text;
      kept.pop();
      overflow++;
    }
  }

  private start(
    name: string,
    kind: TraceSpanKind,
    parent: string | undefined,
    attributes: Record<string, TraceAttributeValue>,
  ): OpenSpan {
    const spanId = randomHex(8);
    const startedAt = Date.now();
    const attrs: Record<string, TraceAttributeValue> = { ...attributes };
    let ended = false;
    const record = (error: unknown) => {
      if (ended) return;
      ended = true;
      // One slot stays free for the execution span, which ends last.
      const room = kind === "server" ? 0 : 1;
      if (this.spans.length + room >= MAX_SPANS_PER_EXECUTION) {
        this.overflow++;
        return;
      }
      this.spans.push({
        i: spanId,
        ...(parent === undefined ? {} : { p: parent }),
        n: name,
        k: kind,
        t: startedAt,
        d: Math.max(0, Date.now() - startedAt),
        ...(Object.keys(attrs).length === 0 ? {} : { a: attrs }),
        ...(error === undefined ? {} : { e: errorType(error) }),
      });
    };
    return {
      spanId,
      context: { traceId: this.traceId, spanId, link: false },
      setAttribute: (key, value) => {
        attrs[key] = value;
      },
      end: record,
    };
  }

  /** Ends the execution span and returns the line, with the execution span first (`s[0]`). */
  finish(error?: unknown): string {
    this.execution.end(error);
    const index = this.spans.findIndex((span) => span.i === this.execution.spanId);
    if (index > 0) this.spans.unshift(...this.spans.splice(index, 1));
    return this.line();
  }
}

/** The error's class name: a message could hold user data, so it never goes into the line. */
function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || "Error";
  return typeof error;
}
