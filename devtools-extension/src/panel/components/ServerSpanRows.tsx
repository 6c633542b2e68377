import type { WireServerSpan } from "@convex-lens/sdk/devtools-protocol";
import { formatDuration } from "../format";
import { serverSpanRows } from "../serverSpanTree";
import { visibleText } from "../visibleText";
import { WaterfallBar } from "./WaterfallBar";

/**
 * A call's server spans as waterfall rows nested under it: the traced function's execution, its
 * database reads and writes, its `runQuery`s. Everything shown is text from the page, rendered as
 * text nodes (never HTML) and through `visibleText`.
 */
export function ServerSpanRows(props: {
  spans: readonly WireServerSpan[];
  rangeStart: number;
  rangeEnd: number;
  /** Indent of the top rows, in levels (the timeline nests them under the call's row). */
  indent: number;
}) {
  const { spans, rangeStart, rangeEnd, indent } = props;
  return (
    <>
      {serverSpanRows(spans).map(({ span, depth }) => (
        <div
          class="timeline-row server-span"
          key={span.spanId}
          data-testid="server-span"
          data-depth={depth}
          title={spanDetail(span)}
        >
          <span style={{ paddingLeft: `${6 + (indent + depth) * 12}px` }}>
            {visibleText(span.name)}
          </span>
          <WaterfallBar
            subject={{
              startedAt: span.startedAt,
              durationMs: span.durationMs,
              failed: span.error !== undefined,
            }}
            rangeStart={rangeStart}
            rangeEnd={rangeEnd}
          />
        </div>
      ))}
    </>
  );
}

function spanDetail(span: WireServerSpan): string {
  const parts = [`${span.kind} · ${formatDuration(span.durationMs)}`];
  for (const [key, value] of Object.entries(span.attributes ?? {})) {
    parts.push(`${visibleText(key)}: ${visibleText(String(value))}`);
  }
  if (span.error !== undefined) parts.push(`error: ${visibleText(span.error)}`);
  return parts.join("\n");
}
