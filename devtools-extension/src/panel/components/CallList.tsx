import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { callBadges } from "../callBadges";
import {
  COLUMNS,
  type ColumnId,
  type ColumnPrefs,
  fitColumns,
  loadColumnPrefs,
  MAX_COLUMN_WIDTH,
  resizeColumn,
  saveColumnPrefs,
} from "../columnPrefs";
import { formatClock, formatDuration } from "../format";
import { panelStorage } from "../prefStorage";
import { separatedRows } from "../separatedRows";
import type { CallEntry } from "../store/callEntry";
import { emptyFilter, filterIsEmpty } from "../store/callFilter";
import type { PanelStore } from "../store/panelStore";
import { useClientSize } from "../useClientSize";
import { visibleText } from "../visibleText";
import { scrollToRow, windowedRows } from "../windowedRows";
import { ColumnMenu } from "./ColumnMenu";
import { ResizeHandle } from "./ResizeHandle";
import { WaterfallBar } from "./WaterfallBar";

/** Height of one row, in CSS pixels; fixed, so the list can compute what is on screen. */
export const ROW_HEIGHT = 22;
// A last, narrow track for the column menu's ⋮, so that it never covers a column's resize handle.
const MENU_TRACK = 20;

/**
 * The calls list, windowed: only the rows on screen (plus a few) are in the DOM, however many
 * calls the store holds, so it stays smooth with 100,000 (TanStack Query DevTools renders every
 * row and freezes with thousands). Hand-written because it is ~60 lines for fixed-height rows;
 * a virtual-list library would double the panel's script for no gain.
 *
 * It follows the newest call while scrolled to the bottom, and is driven by the keyboard:
 * ↑/↓ move the selection, Home/End/PageUp/PageDown jump, Escape clears it.
 *
 * Columns can be resized (handles on the header's edges) and hidden (the ⋮ menu); both are
 * remembered. At a width too narrow for what the user chose, the least useful columns give way
 * (columnPrefs.ts), so nothing overflows and the waterfall stays on screen.
 */
export function CallList(props: { store: PanelStore; version: number }) {
  const { store } = props;
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const size = useClientSize(body);
  // Until the body is measured (or where it measures 0, as in tests), assume 400 px of rows.
  const height = size.height || 400;
  const width = size.width;
  const [columns, setColumns] = useState<ColumnPrefs>(() => loadColumnPrefs(panelStorage()));
  const follow = useRef(true);
  const count = store.visibleCount();
  // Calls kept from a page on another origin (preserve log) carry that origin as a label.
  const currentOrigin = store.session?.origin ?? null;
  // A separator row above the first call of each later page load (preserve log).
  const breaks = store.sessionBreaks();
  const layoutRows = separatedRows(
    count,
    breaks.map((b) => b.index),
  );
  const total = layoutRows.total;

  // Keep the newest row in view while following.
  useLayoutEffect(() => {
    const element = body.current;
    if (!element || !follow.current || store.selectedId !== null) return;
    const bottom = Math.max(0, total * ROW_HEIGHT - element.clientHeight);
    if (element.scrollTop !== bottom) {
      element.scrollTop = bottom;
      setScrollTop(bottom);
    }
  }, [total, store.selectedId]);

  const onScroll = () => {
    const element = body.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    follow.current = element.scrollTop + element.clientHeight >= total * ROW_HEIGHT - ROW_HEIGHT;
  };

  const { first, last } = windowedRows(scrollTop, height, total, ROW_HEIGHT);
  const rows: { position: number; index: number; entry: CallEntry }[] = [];
  const separators: { position: number; k: number }[] = [];
  for (let position = first; position < last; position++) {
    const row = layoutRows.rowAt(position);
    if ("separator" in row) {
      separators.push({ position, k: row.separator });
      continue;
    }
    const entry = store.callAt(row.call);
    if (entry) rows.push({ position, index: row.call, entry });
  }
  let rangeStart = Number.POSITIVE_INFINITY;
  let rangeEnd = Number.NEGATIVE_INFINITY;
  for (const { entry } of rows) {
    rangeStart = Math.min(rangeStart, entry.startedAt);
    rangeEnd = Math.max(rangeEnd, entry.endedAt);
  }

  const layout = fitColumns(columns, width > 0 ? width - MENU_TRACK : 0);
  const changeColumns = (prefs: ColumnPrefs) => {
    setColumns(prefs);
    saveColumnPrefs(panelStorage(), prefs);
  };
  const flexColumn = layout.shown.includes("waterfall") ? "waterfall" : "function";

  const selectedIndex = store.selectedId === null ? -1 : store.filtered.indexOf(store.selectedId);

  const selectIndex = (index: number) => {
    if (count === 0) return;
    const clamped = Math.max(0, Math.min(count - 1, index));
    const entry = store.callAt(clamped);
    if (!entry) return;
    store.select(entry.id);
    const element = body.current;
    if (element) {
      element.scrollTop = scrollToRow(
        layoutRows.positionOf(clamped),
        ROW_HEIGHT,
        element.scrollTop,
        element.clientHeight,
      );
      setScrollTop(element.scrollTop);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const from = selectedIndex === -1 ? count : selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex === -1 ? count - 1 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      selectIndex(target);
    } else if (event.key === "Escape") {
      store.select(null);
    }
  };

  return (
    <div class="list" style={{ "--call-columns": `${layout.template} ${MENU_TRACK}px` }}>
      <div class="list-head">
        {layout.shown.map((id) => {
          const column = COLUMNS.find((c) => c.id === id);
          if (!column) return null;
          return (
            <span key={id} data-col={id} class={column.numeric ? "num" : undefined}>
              {column.label}
              {id !== flexColumn && (
                <ResizeHandle
                  class="col-resize"
                  label={`Resize the ${column.label} column`}
                  value={columns.widths[id]}
                  min={column.minWidth}
                  max={MAX_COLUMN_WIDTH}
                  direction={1}
                  onResize={(value) => setColumns(resizeColumn(columns, id, value))}
                  onCommit={(value) => changeColumns(resizeColumn(columns, id, value))}
                />
              )}
            </span>
          );
        })}
        <ColumnMenu prefs={columns} squeezed={layout.squeezed} onChange={changeColumns} />
      </div>
      <div
        class="list-body"
        ref={body}
        role="listbox"
        aria-label="Convex calls (kind, function, status, duration, attempts, start)"
        aria-activedescendant={store.selectedId === null ? undefined : `call-${store.selectedId}`}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        data-testid="call-list"
      >
        <div style={{ height: `${total * ROW_HEIGHT}px` }} />
        {rows.map(({ position, index, entry }) => (
          <div
            key={entry.id}
            id={`call-${entry.id}`}
            class="row"
            role="option"
            tabIndex={-1}
            aria-posinset={index + 1}
            aria-setsize={count}
            aria-selected={entry.id === store.selectedId}
            style={{ top: `${position * ROW_HEIGHT}px` }}
            onClick={() => store.select(entry.id)}
            onKeyDown={(event) => {
              if (event.key === "Enter") store.select(entry.id);
            }}
            data-call-id={entry.id}
          >
            {layout.shown.map((id) => (
              <CallCell
                key={id}
                id={id}
                entry={entry}
                currentOrigin={currentOrigin}
                rangeStart={rangeStart}
                rangeEnd={rangeEnd}
              />
            ))}
          </div>
        ))}
        {/* After the rows, so the rows' zebra striping (nth-child) is not shifted. */}
        {separators.map(({ position, k }) => {
          const pageLoad = breaks[k];
          if (pageLoad === undefined) return null;
          const { startedAt } = pageLoad;
          return (
            <div
              key={`page-load-${pageLoad.index}`}
              class="page-load"
              role="presentation"
              data-testid="page-load-separator"
              style={{ top: `${position * ROW_HEIGHT}px` }}
            >
              {pageLoad.reload ? "Page reloaded" : "New page load"}
              {startedAt === null ? "" : ` at ${formatClock(startedAt).slice(0, 8)}`}
            </div>
          );
        })}
        {count === 0 &&
          (filterIsEmpty(store.filter) ? (
            <div class="empty">No calls yet. Calls appear here as the page makes them.</div>
          ) : (
            <div class="empty" data-testid="no-match">
              No calls match the filters.{" "}
              <button type="button" onClick={() => store.setFilter(emptyFilter)}>
                Clear filters
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}

/**
 * One cell of a call's row. A status code is never cut to an ambiguous prefix without a way to
 * read it: the cell's title always carries the whole code ("CIRCUIT_OPEN", not "CIRCUIT_O…").
 */
function CallCell(props: {
  id: ColumnId;
  entry: CallEntry;
  currentOrigin: string | null;
  rangeStart: number;
  rangeEnd: number;
}) {
  const { entry } = props;
  switch (props.id) {
    case "kind":
      return (
        <span class="kind" data-col="kind">
          {entry.kind}
        </span>
      );
    case "function":
      return (
        <span data-col="function" title={visibleText(entry.functionPath)}>
          {entry.origin !== null && entry.origin !== props.currentOrigin && (
            <span class="origin" title="Made by a page on another origin than the current one">
              {visibleText(entry.origin)}{" "}
            </span>
          )}
          {visibleText(entry.functionPath)}
        </span>
      );
    case "status": {
      const code = entry.status === "ok" ? "ok" : visibleText(entry.code ?? "");
      const badges = callBadges(entry);
      return (
        <span
          data-col="status"
          class={entry.status === "ok" ? "status-ok" : "status-error"}
          title={[code, ...badges.map((badge) => badge.title)].join("; ")}
        >
          {code}
          {badges.map((badge) => (
            <span key={badge.id} class={`badge ${badge.id}`} title={badge.title}>
              {badge.label}
            </span>
          ))}
        </span>
      );
    }
    case "duration":
      return (
        <span data-col="duration" class="num">
          {formatDuration(entry.durationMs)}
        </span>
      );
    case "attempts":
      return (
        <span data-col="attempts" class="num">
          {entry.attempts}
        </span>
      );
    case "start":
      return <span data-col="start">{formatClock(entry.startedAt)}</span>;
    case "waterfall":
      return (
        <span data-col="waterfall">
          <WaterfallBar
            subject={{
              startedAt: entry.startedAt,
              durationMs: entry.durationMs,
              attemptDetails: entry.attemptDetails,
              failed: entry.status === "error",
              connectMs: entry.connectMs,
            }}
            rangeStart={props.rangeStart}
            rangeEnd={props.rangeEnd}
          />
        </span>
      );
  }
}
