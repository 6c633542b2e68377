import { type Context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { parseTraceLine, TRACE_LINE_PREFIX, type TraceLine } from "../server/traceLine.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";
import { ATTR_CONVEX_LENS_CLOCK_SHIFT_MS } from "../telemetry/semconv.js";
import type { ServerSpanRecord } from "../telemetry/serverSpan.js";
import type { CallSite } from "./callSite.js";
import type { ServerLogSink } from "./serverLogRouter.js";
import { sendWithTraceArgument, TraceArgumentMemory } from "./traceArgument.js";

/** The attempt a call's server spans go under: its context, and its bounds on the browser clock. */
export interface AttemptWindow {
  /** The caller's context with the attempt's CLIENT span in it. */
  readonly context: Context;
  /** Epoch ms when the attempt was sent, and when its response had arrived. */
  readonly from: number;
  readonly to: number;
}

/**
 * End-to-end tracing for one lens: sends the trace argument, reads the `[convex-lens]` lines
 * traced functions print and reports them as spans. Loaded with a dynamic `import()` only by
 * lenses with a `propagate: true` function, so apps that do not use it never load any of it.
 */
export interface ServerTraceReader {
  /** Sends one attempt with the trace argument (traceArgument.ts), remembering untraced paths. */
  send<T>(
    site: CallSite,
    sink: ServerLogSink,
    args: unknown,
    send: (args: unknown) => Promise<T>,
  ): Promise<T>;
  /**
   * The line in one server log message: `undefined` when the message is not a trace line (an
   * ordinary log line), `null` when it is one that failed validation (dropped, counted).
   */
  parse(text: string): TraceLine | null | undefined;
  /** Reports `lines` as spans under `attempt`; returns what the panel is shown, at most `room`. */
  report(
    lines: readonly TraceLine[],
    attempt: AttemptWindow,
    room: number,
  ): readonly ServerSpanRecord[];
}

/** The reader, writing spans through `tracer`'s `startSpan` and counting bad lines in `diagnostics`. */
export function createServerTraceReader(
  startSpan: (name: string, kind: SpanKind, start: number, parent: Context) => Span,
  diagnostics: Diagnostics,
): ServerTraceReader {
  const memory = new TraceArgumentMemory();
  return {
    send: (site, sink, args, send) => sendWithTraceArgument(memory, site, sink, args, send),
    parse(text) {
      if (!text.includes(TRACE_LINE_PREFIX)) return undefined;
      const line = parseTraceLine(text);
      if (line === undefined) {
        diagnostics.record("server-trace", new Error("invalid [convex-lens] line dropped"));
        return null;
      }
      return line;
    },
    report(lines, attempt, room) {
      const records: ServerSpanRecord[] = [];
      // Nested executions print first (a runQuery ends before its action): map every server id
      // to its span before parenting, so a child line finds its parent in a later line.
      const ids = new Set(lines.flatMap((line) => line.s.map((span) => span.i)));
      const root = lines.find((line) => line.s[0]?.p === undefined || !ids.has(line.s[0].p));
      const shift = root === undefined ? 0 : clockShift(root, attempt);
      const placed = lines.flatMap((line) => placeLine(line, attempt, shift, ids));
      const contexts = new Map<string, Context>();
      const byId = new Map(placed.map((span) => [span.spanId, span]));
      const ordered = parentsFirst(placed, byId);
      for (const span of ordered) {
        if (records.length >= room) {
          diagnostics.record("server-trace", new Error("server spans past the per-call cap"));
          break;
        }
        const parentContext =
          (span.parentSpanId !== undefined && contexts.get(span.parentSpanId)) || attempt.context;
        try {
          const otel = startSpan(span.name, KINDS[span.kind], span.startedAt, parentContext);
          if (span.attributes !== undefined) otel.setAttributes(span.attributes);
          if (span.error !== undefined) {
            otel.setAttribute("error.type", span.error);
            otel.setStatus({ code: SpanStatusCode.ERROR });
          }
          otel.end(span.startedAt + span.durationMs);
          contexts.set(span.spanId, trace.setSpan(attempt.context, otel));
        } catch (error) {
          diagnostics.record("tracer", error);
        }
        records.push(span);
      }
      return records;
    },
  };
}

const KINDS: Readonly<Record<ServerSpanRecord["kind"], SpanKind>> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  internal: SpanKind.INTERNAL,
};

/**
 * How far the server's times move onto the browser's clock. The clocks differ: when the root
 * execution does not fit inside the attempt, it is moved to the middle of it (network time split
 * evenly each way). Every span of the call moves by the same amount, so order and gaps stay as
 * measured; what still falls outside the attempt is clamped to it.
 */
function clockShift(line: TraceLine, { from, to }: AttemptWindow): number {
  const [execution] = line.s;
  if (execution === undefined) return 0;
  const window = Math.max(0, to - from);
  if (execution.t >= from && execution.t + execution.d <= to) return 0;
  return execution.d <= window
    ? from + (window - execution.d) / 2 - execution.t
    : from - execution.t;
}

/** The line's spans on the browser's clock; parents outside the call's lines are dropped. */
function placeLine(
  line: TraceLine,
  { from, to }: AttemptWindow,
  shift: number,
  ids: ReadonlySet<string>,
): ServerSpanRecord[] {
  return line.s.map((span, index) => {
    const startedAt = clamp(span.t + shift, from, to);
    const endedAt = clamp(span.t + shift + span.d, startedAt, to);
    const attributes =
      index === 0 && shift !== 0
        ? { ...span.a, [ATTR_CONVEX_LENS_CLOCK_SHIFT_MS]: Math.round(shift) }
        : span.a;
    return {
      spanId: span.i,
      ...(span.p !== undefined && ids.has(span.p) ? { parentSpanId: span.p } : {}),
      name: span.n,
      kind: span.k,
      startedAt,
      durationMs: endedAt - startedAt,
      ...(attributes === undefined ? {} : { attributes }),
      ...(span.e === undefined ? {} : { error: span.e }),
    };
  });
}

/**
 * `spans` with each after its parent. An execution span (no parent in its own line) whose server
 * parent is a span of another line of the call (a `runQuery` the action made) is nested there.
 */
function parentsFirst(
  spans: readonly ServerSpanRecord[],
  byId: ReadonlyMap<string, ServerSpanRecord>,
): ServerSpanRecord[] {
  const ordered: ServerSpanRecord[] = [];
  const done = new Set<string>();
  const visit = (span: ServerSpanRecord) => {
    if (done.has(span.spanId)) return;
    done.add(span.spanId);
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    if (parent !== undefined) visit(parent);
    ordered.push(span);
  };
  for (const span of spans) visit(span);
  return ordered;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}
