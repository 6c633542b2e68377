import type { WireServerSpan } from "@convex-lens/sdk/devtools-protocol";

/** One row of a call's server spans, as the waterfall draws it. */
export interface ServerSpanRow {
  readonly span: WireServerSpan;
  /** Nesting under the call: 0 for an execution span, 1 for its database reads, and so on. */
  readonly depth: number;
}

// A line holds at most 64 spans and a call 256; deeper nesting than this is a hostile page.
const MAX_DEPTH = 16;

/**
 * A call's server spans in tree order (each after its parent, siblings by start), with their
 * depth, so the waterfall shows the function, then its database reads and `runQuery`s nested
 * under it. A span whose parent is not among them sits at the top, under the call.
 */
export function serverSpanRows(spans: readonly WireServerSpan[]): ServerSpanRow[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | undefined, WireServerSpan[]>();
  for (const span of spans) {
    const parent =
      span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const rows: ServerSpanRow[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.startedAt - b.startedAt);
    for (const span of list) {
      if (seen.has(span.spanId)) continue;
      seen.add(span.spanId);
      rows.push({ span, depth });
      if (depth < MAX_DEPTH) visit(span.spanId, depth + 1);
    }
  };
  visit(undefined, 0);
  return rows;
}

/**
 * The function's own execution time in a call: the executions at the top of its server spans (a
 * `runQuery` inside an action is part of the action's time, not added to it). Null without any.
 */
export function functionExecutionMs(spans: readonly WireServerSpan[] | undefined): number | null {
  if (spans === undefined || spans.length === 0) return null;
  const ids = new Set(spans.map((span) => span.spanId));
  let total = 0;
  for (const span of spans) {
    const top = span.parentSpanId === undefined || !ids.has(span.parentSpanId);
    if (top && span.kind === "server") total += span.durationMs;
  }
  return total;
}
