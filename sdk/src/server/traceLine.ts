// The one log line a traced Convex function prints per execution, and its reader. The writer is
// the server helper (`traced`); the readers are the collector (production logs) and the SDK
// (dev deployments' `logLines`). Both sides import this module, so the format has one home.
// It imports only its JSON guards (which import nothing), so a collector can read lines without
// loading Convex or convex-helpers.

import { isFiniteNumber, isRecord } from "./jsonGuards.js";

/** The guards the reader checks parsed JSON with, for the collector's readers of the rest of a log. */
export { isFiniteNumber, isRecord } from "./jsonGuards.js";

/** Every line starts with this, so readers find it among the function's own `console.log` lines. */
export const TRACE_LINE_PREFIX = "[convex-lens] ";

/** The format's version. A reader drops lines of a version it does not know. */
export const TRACE_LINE_VERSION = 1;

/**
 * Longest line the helper prints, in characters. Convex truncates long log lines; a truncated
 * line would not parse, so the writer drops spans (and counts them) to stay under this.
 */
export const MAX_TRACE_LINE_CHARS = 8_192;

/** Most spans one execution records, the execution span included; the rest are counted, not kept. */
export const MAX_SPANS_PER_EXECUTION = 64;

/** Span kinds, as in OpenTelemetry's `SpanKind` names. */
export type TraceSpanKind = "server" | "client" | "producer" | "internal";

/** Attribute values a line may carry: no objects, so no document contents can hide in one. */
export type TraceAttributeValue = string | number | boolean;

/** One span of an execution, compact on purpose: a line is paid for in every function call. */
export interface TraceLineSpan {
  /** Span id, 16 hex digits. */
  readonly i: string;
  /** Parent span id; absent on the execution span when the caller sent no context. */
  readonly p?: string;
  /** Name, e.g. `query messages:list`, `db.query messages`, `runMutation tasks:create`. */
  readonly n: string;
  readonly k: TraceSpanKind;
  /** Start, Unix epoch milliseconds. */
  readonly t: number;
  /** Duration, milliseconds. Convex freezes the clock in queries and mutations: often 0 there. */
  readonly d: number;
  readonly a?: Readonly<Record<string, TraceAttributeValue>>;
  /** Present when the span failed: the error's class name, never its message. */
  readonly e?: string;
}

/** One execution's spans. `s[0]` is the execution span (kind `server`). */
export interface TraceLine {
  readonly v: typeof TRACE_LINE_VERSION;
  /** Trace id, 32 hex digits: the browser's when it sent one, so backends join both sides. */
  readonly t: string;
  /** When set, the incoming context is a link (a scheduled run), not the parent. */
  readonly l?: { readonly t: string; readonly i: string };
  readonly s: readonly TraceLineSpan[];
  /** Spans recorded but left out (span cap or line-size cap). */
  readonly o: number;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const KINDS: ReadonlySet<string> = new Set(["server", "client", "producer", "internal"]);
const MAX_NAME_CHARS = 256;
const MAX_ATTRIBUTES = 16;

/** The line for `line`, as the helper prints it. */
export function formatTraceLine(line: TraceLine): string {
  return TRACE_LINE_PREFIX + JSON.stringify(line);
}

/**
 * The trace in one log message, or `undefined` when the message is not a valid v1 line. Lines come
 * from logs anyone with deploy access can write to, so every field is checked and capped; a
 * reader counts the `undefined`s rather than trusting or throwing.
 */
export function parseTraceLine(message: string): TraceLine | undefined {
  const start = message.indexOf(TRACE_LINE_PREFIX);
  if (start < 0) return undefined;
  // Convex prints a console.log string quoted ('…', object-inspect) in log streams and logLines:
  // the JSON is what lies between the first "{" after the prefix and the last "}".
  const open = message.indexOf("{", start);
  const close = message.lastIndexOf("}");
  if (open < 0 || close < open || close - open >= MAX_TRACE_LINE_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message.slice(open, close + 1));
  } catch {
    return undefined;
  }
  return readLine(value);
}

function readLine(value: unknown): TraceLine | undefined {
  if (!isRecord(value) || value.v !== TRACE_LINE_VERSION) return undefined;
  if (typeof value.t !== "string" || !HEX32.test(value.t)) return undefined;
  if (!Array.isArray(value.s) || value.s.length === 0) return undefined;
  if (value.s.length > MAX_SPANS_PER_EXECUTION) return undefined;
  const spans: TraceLineSpan[] = [];
  for (const raw of value.s) {
    const span = readSpan(raw);
    if (span === undefined) return undefined;
    spans.push(span);
  }
  const overflow = typeof value.o === "number" && value.o >= 0 ? Math.floor(value.o) : 0;
  const link = readLink(value.l);
  return {
    v: TRACE_LINE_VERSION,
    t: value.t,
    ...(link === undefined ? {} : { l: link }),
    s: spans,
    o: overflow,
  };
}

function readLink(value: unknown): TraceLine["l"] {
  if (!isRecord(value)) return undefined;
  if (typeof value.t !== "string" || !HEX32.test(value.t)) return undefined;
  if (typeof value.i !== "string" || !HEX16.test(value.i)) return undefined;
  return { t: value.t, i: value.i };
}

function readSpan(value: unknown): TraceLineSpan | undefined {
  if (!isRecord(value)) return undefined;
  const { i, p, n, k, t, d, a, e } = value;
  if (typeof i !== "string" || !HEX16.test(i)) return undefined;
  if (p !== undefined && (typeof p !== "string" || !HEX16.test(p))) return undefined;
  if (typeof n !== "string" || n.length === 0 || n.length > MAX_NAME_CHARS) return undefined;
  if (typeof k !== "string" || !KINDS.has(k)) return undefined;
  if (!isFiniteNumber(t) || !isFiniteNumber(d) || d < 0) return undefined;
  const attributes = readAttributes(a);
  if (attributes === null) return undefined;
  return {
    i,
    ...(p === undefined ? {} : { p }),
    n,
    k: k as TraceSpanKind,
    t,
    d,
    ...(attributes === undefined ? {} : { a: attributes }),
    ...(typeof e === "string" ? { e: e.slice(0, MAX_NAME_CHARS) } : {}),
  };
}

/** `undefined` when absent, `null` when malformed. */
function readAttributes(value: unknown): Record<string, TraceAttributeValue> | undefined | null {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return null;
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) return null;
  const attributes: Record<string, TraceAttributeValue> = {};
  for (const [key, item] of entries) {
    if (key.length > MAX_NAME_CHARS) return null;
    if (typeof item === "string") attributes[key] = item.slice(0, MAX_NAME_CHARS);
    else if (typeof item === "boolean" || isFiniteNumber(item)) attributes[key] = item;
    else return null;
  }
  return attributes;
}
