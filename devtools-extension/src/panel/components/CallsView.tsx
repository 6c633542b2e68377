import type { WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";
import type { Ref } from "preact";
import { useRef, useState } from "preact/hooks";
import { panelStorage } from "../prefStorage";
import {
  clampSplitWidth,
  loadSplitWidth,
  MIN_DETAIL_WIDTH,
  MIN_LIST_WIDTH,
  saveSplitWidth,
} from "../splitWidth";
import type { PanelStore } from "../store/panelStore";
import { useClientSize } from "../useClientSize";
import { visibleText } from "../visibleText";
import { CallDetail } from "./CallDetail";
import { CallList } from "./CallList";
import { InflightCalls } from "./InflightCalls";
import { ResizeHandle } from "./ResizeHandle";
import { UnattributedLogs } from "./UnattributedLogs";

const KINDS: WireFunctionKind[] = ["query", "mutation", "action"];

/** The filter bar: text, kinds, status, error code, and the function chip set by the errors view. */
export function FilterBar(props: { store: PanelStore; textRef?: Ref<HTMLInputElement> }) {
  const { store } = props;
  const filter = store.filter;
  const codes = store.errors.list().map((group) => group.code);
  const uniqueCodes = [...new Set([...codes, ...(filter.code ? [filter.code] : [])])].sort();
  const toggleKind = (kind: WireFunctionKind) => {
    const kinds = filter.kinds.includes(kind)
      ? filter.kinds.filter((k) => k !== kind)
      : [...filter.kinds, kind];
    store.setFilter({ kinds });
  };
  return (
    <search class="filters">
      <input
        ref={props.textRef}
        type="search"
        placeholder="Filter calls ( / )"
        aria-label="Filter calls by text"
        value={filter.text}
        onInput={(event) => store.setFilter({ text: (event.target as HTMLInputElement).value })}
      />
      {KINDS.map((kind) => (
        <button
          type="button"
          key={kind}
          aria-pressed={filter.kinds.includes(kind)}
          onClick={() => toggleKind(kind)}
        >
          {kind}
        </button>
      ))}
      <select
        aria-label="Status"
        value={filter.status}
        onChange={(event) =>
          store.setFilter({
            status: (event.target as HTMLSelectElement).value as "all" | "ok" | "error",
          })
        }
      >
        <option value="all">All statuses</option>
        <option value="ok">Succeeded</option>
        <option value="error">Failed</option>
      </select>
      <select
        aria-label="Error code"
        value={filter.code}
        onChange={(event) => store.setFilter({ code: (event.target as HTMLSelectElement).value })}
      >
        <option value="">Any error code</option>
        {uniqueCodes.map((code) => (
          <option key={code} value={code}>
            {visibleText(code)}
          </option>
        ))}
      </select>
      {filter.functionPath !== "" && (
        <button
          type="button"
          onClick={() => store.setFilter({ functionPath: "" })}
          title="Show every function"
        >
          {visibleText(filter.functionPath)} ✕
        </button>
      )}
      <span class="kind" aria-live="polite">
        {store.visibleCount().toLocaleString()} of {store.calls.size.toLocaleString()} calls
        {store.pausedAt !== null
          ? ` · paused, ${store.hiddenWhilePaused().toLocaleString()} new`
          : ""}
      </span>
    </search>
  );
}

/**
 * The calls tab: filters, the windowed list, and the selected call's detail. The split between
 * list and detail is dragged (or moved with the arrow keys) and remembered across reloads.
 */
export function CallsView(props: {
  store: PanelStore;
  version: number;
  textRef?: Ref<HTMLInputElement>;
}) {
  const { store } = props;
  const selected = store.selected();
  const split = useRef<HTMLDivElement>(null);
  const splitWidth = useClientSize(split).width;
  const [wanted, setWanted] = useState(() => loadSplitWidth(panelStorage()));

  // Until the split is measured, the stylesheet's default share applies.
  const detailWidth = splitWidth > 0 ? clampSplitWidth(wanted, splitWidth) : null;
  return (
    <div class="view calls">
      <FilterBar store={store} textRef={props.textRef} />
      <InflightCalls store={store} />
      <div
        class="split"
        ref={split}
        style={detailWidth === null ? undefined : { "--detail-width": `${detailWidth}px` }}
      >
        <CallList store={store} version={props.version} />
        {selected && (
          <ResizeHandle
            class="split-handle"
            label="Resize the call detail"
            value={detailWidth ?? MIN_DETAIL_WIDTH}
            min={MIN_DETAIL_WIDTH}
            max={Math.max(MIN_DETAIL_WIDTH, splitWidth - MIN_LIST_WIDTH)}
            direction={-1}
            onResize={setWanted}
            onCommit={(value) => {
              setWanted(value);
              saveSplitWidth(panelStorage(), value);
            }}
          />
        )}
        {selected && (
          <CallDetail
            call={selected}
            hiddenByFilters={store.filtered.indexOf(selected.id) === -1}
            onClose={() => store.select(null)}
          />
        )}
      </div>
      <UnattributedLogs store={store} />
    </div>
  );
}
