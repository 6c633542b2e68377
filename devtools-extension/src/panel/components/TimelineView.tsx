import type { WireServerSpan } from "@convex-lens/sdk/devtools-protocol";
import { useEffect, useRef, useState } from "preact/hooks";
import { formatDuration } from "../format";
import { serverSpanRows } from "../serverSpanTree";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";
import {
  brushWindow,
  clampWindow,
  extentOf,
  fitWindow,
  panWindow,
  type TimeWindow,
  xOf,
  zoomWindow,
} from "../waterfall/timeScale";
import { BrushStrip, percentOf } from "./BrushStrip";
import { CallDetail } from "./CallDetail";
import { FilterBar } from "./CallsView";
import { TimeRuler } from "./TimeRuler";
import { type BarSubject, WaterfallBar } from "./WaterfallBar";

/** Rows the timeline shows: the newest calls and spans, so the picture stays readable. */
export const TIMELINE_ROWS = 300;
/** Height of one timeline row, in CSS pixels; fixed, so "fit to visible rows" knows what is on screen. */
export const TIMELINE_ROW_PX = 20;
// One keyboard or button zoom step, and one wheel notch's worth of zoom.
const ZOOM_STEP = 2;
const WHEEL_ZOOM_PER_PX = 0.002;

interface TimelineRow {
  key: string;
  label: string;
  detail: string;
  subject: BarSubject;
  /** The call the row belongs to (its own row or one of its server spans); null for page spans. */
  callId: number | null;
  /** Nesting of a server span under its call (0 for the execution); undefined for other rows. */
  serverDepth?: number;
}

/**
 * A waterfall of the newest calls (as the filters show them) and the page's other spans on one
 * time axis, usable at any session length: a clock ruler, an overview of the whole session, zoom
 * by brushing either, by the wheel (Ctrl, or over the ruler) or the keyboard, and "fit to visible
 * rows". Attempts are segments and backoff waits dotted gaps, each kept a few pixels wide at any
 * zoom. A call's row opens its detail (click or Enter).
 */
export function TimelineView(props: { store: PanelStore }) {
  const { store } = props;
  const rowsElement = useRef<HTMLDivElement>(null);
  const viewElement = useRef<HTMLDivElement>(null);
  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => {});
  const rulerHolder = useRef<HTMLDivElement>(null);
  const [trackPx, setTrackPx] = useState(0);
  const [zoom, setZoom] = useState<TimeWindow | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 0 });

  const rows = timelineRows(store);
  const bounds = extentOf(rows.map((row) => row.subject));

  // Measured again whenever the rows (and so the ruler) appear, e.g. after a filter matched none.
  useEffect(() => {
    const holder = rulerHolder.current;
    const rows = rowsElement.current;
    if (!holder) return;
    const measure = () => {
      setTrackPx(holder.clientWidth);
      if (rows) setScroll({ top: rows.scrollTop, height: rows.clientHeight });
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(holder);
    if (rows) observer.observe(rows);
    return () => observer.disconnect();
  }, [bounds === null]);

  // Zoom keys anywhere in the view (not while typing in the filter): + − 0 F ← →.
  useEffect(() => {
    const element = viewElement.current;
    if (!element) return;
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    element.addEventListener("keydown", listener);
    return () => element.removeEventListener("keydown", listener);
  });

  if (bounds === null) {
    return (
      <div class="view timeline" data-testid="timeline">
        <FilterBar store={store} />
        <div class="empty">Nothing to show yet.</div>
      </div>
    );
  }
  const window = zoom === null ? bounds : clampWindow(zoom, bounds);
  const zoomTo = (next: TimeWindow) =>
    setZoom(next.start <= bounds.start && next.end >= bounds.end ? null : next);
  const middle = (window.start + window.end) / 2;
  const visibleRows = () => {
    const first = Math.floor(scroll.top / TIMELINE_ROW_PX);
    const last = Math.ceil((scroll.top + (scroll.height || 400)) / TIMELINE_ROW_PX);
    return rows.slice(first, last).map((row) => row.subject);
  };
  const fitVisible = () => {
    const fitted = fitWindow(visibleRows(), bounds);
    if (fitted) zoomTo(fitted);
  };
  const onWheelZoom = (event: WheelEvent, at: number) => {
    event.preventDefault();
    const delta = event.deltaY !== 0 ? event.deltaY : event.deltaX;
    zoomTo(zoomWindow(window, Math.exp(delta * WHEEL_ZOOM_PER_PX), at, bounds));
  };
  const onRowsWheel = (event: WheelEvent) => {
    const box = rulerHolder.current?.getBoundingClientRect();
    if ((event.ctrlKey || event.metaKey) && box) {
      const at =
        window.start +
        ((event.clientX - box.left) / Math.max(1, trackPx)) * (window.end - window.start);
      onWheelZoom(event, at);
    } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      const px = event.deltaX !== 0 ? event.deltaX : event.deltaY;
      zoomTo(panWindow(window, (px / Math.max(1, trackPx)) * (window.end - window.start), bounds));
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (target && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return;
    const span = window.end - window.start;
    const actions: Record<string, () => void> = {
      "+": () => zoomTo(zoomWindow(window, 1 / ZOOM_STEP, middle, bounds)),
      "=": () => zoomTo(zoomWindow(window, 1 / ZOOM_STEP, middle, bounds)),
      "-": () => zoomTo(zoomWindow(window, ZOOM_STEP, middle, bounds)),
      "0": () => setZoom(null),
      f: fitVisible,
      ArrowLeft: () => zoomTo(panWindow(window, -span / 10, bounds)),
      ArrowRight: () => zoomTo(panWindow(window, span / 10, bounds)),
    };
    const action = actions[event.key];
    if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      action();
    }
  };
  keyHandler.current = onKeyDown;
  const selected = store.selected();
  const openCall = (id: number | null) => {
    if (id !== null) store.select(id);
  };
  // One tab stop for the rows (the selected call's, else the first call's); ↑ ↓ move between calls.
  const focusId = rows.some((row) => row.callId === store.selectedId)
    ? store.selectedId
    : (rows.find((row) => row.callId !== null)?.callId ?? null);
  const moveFocus = (from: HTMLElement, step: 1 | -1) => {
    const calls = [
      ...(rowsElement.current?.querySelectorAll<HTMLElement>('[data-testid="timeline-call"]') ??
        []),
    ];
    calls[calls.indexOf(from) + step]?.focus();
  };

  return (
    <div
      class="view timeline"
      data-testid="timeline"
      data-window-start={window.start}
      data-window-end={window.end}
      data-bounds-start={bounds.start}
      data-bounds-end={bounds.end}
      ref={viewElement}
    >
      <FilterBar store={store} />
      <div class="timeline-tools">
        <span class="kind">
          {formatDuration(window.end - window.start)}
          {zoom === null ? "" : ` of ${formatDuration(bounds.end - bounds.start)}`} · {rows.length}{" "}
          rows
        </span>
        <button
          type="button"
          title="Zoom in (+)"
          onClick={() => zoomTo(zoomWindow(window, 1 / ZOOM_STEP, middle, bounds))}
        >
          Zoom in
        </button>
        <button
          type="button"
          title="Zoom out (−)"
          disabled={zoom === null}
          onClick={() => zoomTo(zoomWindow(window, ZOOM_STEP, middle, bounds))}
        >
          Zoom out
        </button>
        <button type="button" title="Scale to the rows on screen (F)" onClick={fitVisible}>
          Fit to visible rows
        </button>
        <button
          type="button"
          title="Show the whole session (0)"
          disabled={zoom === null}
          onClick={() => setZoom(null)}
        >
          Reset zoom
        </button>
      </div>
      <div class="timeline-head">
        <span class="kind">Session</span>
        <BrushStrip
          class="timeline-overview"
          label="The whole session: drag to zoom to a range, click to move the view there"
          window={bounds}
          trackPx={trackPx}
          testId="timeline-overview"
          onBrush={(from, to) => zoomTo(brushWindow(from, to, bounds))}
          onPick={(at) => zoom !== null && zoomTo(panWindow(window, at - middle, bounds))}
          onWheel={onWheelZoom}
        >
          <OverviewMarks rows={rows} bounds={bounds} />
          {zoom !== null && (
            <div
              class="overview-window"
              style={{
                left: percentOf(bounds, window.start),
                width: `${xOf(bounds, 100, window.end) - xOf(bounds, 100, window.start)}%`,
              }}
            />
          )}
        </BrushStrip>
        <span class="kind">Time</span>
        <div ref={rulerHolder} class="ruler-holder">
          <TimeRuler
            window={window}
            trackPx={trackPx}
            onBrush={(from, to) => zoomTo(brushWindow(from, to, bounds))}
            onWheel={onWheelZoom}
          />
        </div>
      </div>
      <div
        class="timeline-rows"
        ref={rowsElement}
        role="listbox"
        aria-label="Calls and spans on the time axis; Enter opens a call"
        onScroll={(event) => {
          const element = event.currentTarget as HTMLDivElement;
          setScroll({ top: element.scrollTop, height: element.clientHeight });
        }}
        onWheel={onRowsWheel}
      >
        {rows.map((row) => {
          const callRow = row.callId !== null && row.serverDepth === undefined;
          return (
            <div
              key={row.key}
              class={`timeline-row${row.serverDepth === undefined ? "" : " server-span"}${row.callId !== null ? " selectable" : ""}`}
              title={row.detail}
              data-testid={
                row.serverDepth === undefined
                  ? callRow
                    ? "timeline-call"
                    : undefined
                  : "server-span"
              }
              data-depth={row.serverDepth}
              data-call-id={row.callId ?? undefined}
              role="option"
              tabIndex={callRow && row.callId === focusId ? 0 : -1}
              aria-disabled={row.callId === null ? "true" : undefined}
              aria-selected={row.callId !== null && row.callId === store.selectedId}
              onClick={() => openCall(row.callId)}
              onKeyDown={(event) => {
                if (event.key === "Enter") openCall(row.callId);
                else if (callRow && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
                  event.preventDefault();
                  moveFocus(event.currentTarget as HTMLElement, event.key === "ArrowDown" ? 1 : -1);
                }
              }}
            >
              <span
                style={
                  row.serverDepth === undefined
                    ? undefined
                    : { paddingLeft: `${18 + row.serverDepth * 12}px` }
                }
              >
                {row.label}
              </span>
              <WaterfallBar
                subject={row.subject}
                rangeStart={window.start}
                rangeEnd={window.end}
                trackPx={trackPx}
              />
            </div>
          );
        })}
      </div>
      {selected && (
        <div class="timeline-detail">
          <CallDetail call={selected} onClose={() => store.select(null)} />
        </div>
      )}
    </div>
  );
}

/** Where the session's rows start, drawn on the overview as a density strip (one mark per pixel column). */
function OverviewMarks(props: { rows: readonly TimelineRow[]; bounds: TimeWindow }) {
  const { rows, bounds } = props;
  const columns = new Map<number, number>();
  for (const row of rows) {
    const column = Math.min(199, Math.floor(xOf(bounds, 200, row.subject.startedAt)));
    columns.set(column, (columns.get(column) ?? 0) + 1);
  }
  const most = Math.max(1, ...columns.values());
  return (
    <>
      {[...columns].map(([column, count]) => (
        <span
          key={column}
          class="overview-mark"
          style={{ left: `${column / 2}%`, height: `${30 + (70 * count) / most}%` }}
        />
      ))}
    </>
  );
}

/** The rows to draw: the newest filtered calls (each followed by its server spans) and page spans, by start. */
function timelineRows(store: PanelStore): TimelineRow[] {
  const count = store.visibleCount();
  const calls: { startedAt: number; rows: TimelineRow[] }[] = [];
  for (let i = Math.max(0, count - TIMELINE_ROWS); i < count; i++) {
    const call = store.callAt(i);
    if (!call) continue;
    const rows: TimelineRow[] = [
      {
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
        callId: call.id,
      },
      ...serverRows(call.id, call.serverSpans),
    ];
    calls.push({ startedAt: call.startedAt, rows });
  }
  const spans = store.spans.newest(TIMELINE_ROWS).map((span) => ({
    startedAt: span.startedAt,
    rows: [
      {
        key: `s${span.id}`,
        label: visibleText(span.name),
        detail: `${visibleText(span.scope ?? "span")} · ${formatDuration(span.durationMs)}`,
        subject: {
          startedAt: span.startedAt,
          durationMs: span.durationMs,
          failed: span.status === "error",
        },
        callId: null,
      },
    ],
  }));
  return [...calls, ...spans]
    .sort((a, b) => a.startedAt - b.startedAt)
    .slice(-TIMELINE_ROWS)
    .flatMap((group) => group.rows);
}

function serverRows(callId: number, spans: readonly WireServerSpan[] | undefined): TimelineRow[] {
  if (!spans) return [];
  return serverSpanRows(spans).map(({ span, depth }) => ({
    key: `c${callId}:${span.spanId}`,
    label: visibleText(span.name),
    detail: `${span.kind} · ${formatDuration(span.durationMs)}`,
    subject: {
      startedAt: span.startedAt,
      durationMs: span.durationMs,
      failed: span.error !== undefined,
    },
    callId,
    serverDepth: depth,
  }));
}
