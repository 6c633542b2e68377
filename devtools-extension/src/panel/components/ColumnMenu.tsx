import { useRef, useState } from "preact/hooks";
import {
  COLUMNS,
  type ColumnId,
  type ColumnPrefs,
  DEFAULT_COLUMN_PREFS,
  toggleColumn,
} from "../columnPrefs";

/**
 * The call list's column menu: show or hide each column, and go back to the default widths.
 * A column the user wants but that does not fit the list's width says so, rather than vanish
 * without a word.
 */
export function ColumnMenu(props: {
  prefs: ColumnPrefs;
  squeezed: readonly ColumnId[];
  onChange: (prefs: ColumnPrefs) => void;
}) {
  const menu = useRef<HTMLDetailsElement>(null);
  // The body is rendered only while open: the closed menu costs the list nothing.
  const [open, setOpen] = useState(false);
  return (
    <details
      class="column-menu"
      ref={menu}
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
      onKeyDown={(event) => {
        if (event.key === "Escape" && menu.current?.open) {
          event.stopPropagation();
          menu.current.open = false;
        }
      }}
    >
      <summary title="Show, hide or reset columns" aria-label="Columns">
        ⋮
      </summary>
      {open && (
        <div class="column-menu-body" data-testid="column-menu">
          {COLUMNS.filter((column) => column.hideable).map((column) => (
            <label key={column.id}>
              <input
                type="checkbox"
                checked={!props.prefs.hidden.includes(column.id)}
                onChange={() => props.onChange(toggleColumn(props.prefs, column.id))}
              />{" "}
              {column.label}
              {props.squeezed.includes(column.id) && <span class="kind"> (no room)</span>}
            </label>
          ))}
          <button type="button" onClick={() => props.onChange(DEFAULT_COLUMN_PREFS)}>
            Reset columns
          </button>
        </div>
      )}
    </details>
  );
}
