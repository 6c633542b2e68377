import type { WireServerSpan } from "@convex-lens/sdk/devtools-protocol";
import { Fragment } from "preact";
import { formatDuration } from "../format";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";
import { ServerSpanRows } from "./ServerSpanRows";
import { type BarSubject, WaterfallBar } from "./WaterfallBar";

/** Rows the timeline shows: the newest calls and spans, so the picture stays readable. */
export const TIMELINE_ROWS = 300;

interface TimelineRow {
  key: string;
  label: string;
  detail: string;
  subject: BarSubject;
  /** A traced function's own spans, drawn nested under the call's row. */
  serverSpans?: readonly WireServerSpan[] | undefined;
}

/**
 * A waterfall of the newest calls and the page's other spans (fetches, app spans) on one time
 * axis: attempts are segments, backoff waits are dotted gaps.
 */
export function TimelineView(props: { store: PanelStore }) {
  const { store } = props;
  const rows: TimelineRow[] = [
    ...store.calls.newest(TIMELINE_ROWS).map((call) => ({
      key: `c${call.id}`,
      label: `${call.kind} ${visibleText(call.functionPath)}`,
      detail: `${call.status === "ok" ? "ok" : visibleText(call.code ?? "")} · ${formatDuration(call.durationMs)} · ${call.attempts} attempt${call.attempts === 1 ? "" : "s"}`,
      subject: {
        startedAt: call.startedAt,
        durationMs: call.durationMs,
        attemptDetails: call.attemptDetails,
        failed: call.status === "error",
        connectMs: call.connectMs,
      },
      serverSpans: call.serverSpans,
    })),
    ...store.spans.newest(TIMELINE_ROWS).map((span) => ({
      key: `s${span.id}`,
      label: visibleText(span.name),
      detail: `${visibleText(span.scope ?? "span")} · ${formatDuration(span.durationMs)}`,
      subject: {
        startedAt: span.startedAt,
        durationMs: span.durationMs,
        failed: span.status === "error",
      },
    })),
  ]
    .sort((a, b) => a.subject.startedAt - b.subject.startedAt)
    .slice(-TIMELINE_ROWS);
  if (rows.length === 0) return <div class="view empty">Nothing to show yet.</div>;
  const start = Math.min(...rows.map((r) => r.subject.startedAt));
  const end = Math.max(...rows.map((r) => r.subject.startedAt + r.subject.durationMs));
  return (
    <div class="view" data-testid="timeline">
      <div class="kind section">
        {formatDuration(end - start)} across {rows.length} rows. Segments are attempts; dotted gaps
        are backoff waits.
      </div>
      {rows.map((row) => (
        <Fragment key={row.key}>
          <div class="timeline-row" title={row.detail}>
            <span>{row.label}</span>
            <WaterfallBar subject={row.subject} rangeStart={start} rangeEnd={end} />
          </div>
          {row.serverSpans && (
            <ServerSpanRows spans={row.serverSpans} rangeStart={start} rangeEnd={end} indent={1} />
          )}
        </Fragment>
      ))}
    </div>
  );
}
