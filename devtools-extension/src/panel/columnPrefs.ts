import type { PrefStorage } from "./prefStorage";

/** Where the call list's column widths and hidden columns are remembered. */
export const COLUMN_PREFS_KEY = "convex-lens.columns";
/** No column is dragged wider than this, so a stray drag cannot push the rest off screen. */
export const MAX_COLUMN_WIDTH = 640;

/** The call list's columns, in the order they are shown. */
export const COLUMN_IDS = [
  "kind",
  "function",
  "status",
  "duration",
  "attempts",
  "start",
  "waterfall",
] as const;
/** One of the call list's columns. */
export type ColumnId = (typeof COLUMN_IDS)[number];

/** How a column looks and how far it may shrink. */
export interface ColumnSpec {
  readonly id: ColumnId;
  readonly label: string;
  readonly defaultWidth: number;
  /** The narrowest the column may be; for the start time, the width of "23:59:59.999". */
  readonly minWidth: number;
  readonly numeric: boolean;
  /** Function names identify a call; every other column can be hidden. */
  readonly hideable: boolean;
}

/** Every column's defaults. The waterfall's width is whatever the others leave (at least its min). */
export const COLUMNS: readonly ColumnSpec[] = [
  { id: "kind", label: "Kind", defaultWidth: 64, minWidth: 44, numeric: false, hideable: true },
  {
    id: "function",
    label: "Function",
    defaultWidth: 220,
    minWidth: 90,
    numeric: false,
    hideable: false,
  },
  {
    id: "status",
    label: "Status",
    defaultWidth: 130,
    minWidth: 60,
    numeric: false,
    hideable: true,
  },
  {
    id: "duration",
    label: "Duration",
    defaultWidth: 72,
    minWidth: 52,
    numeric: true,
    hideable: true,
  },
  {
    id: "attempts",
    label: "Attempts",
    defaultWidth: 66,
    minWidth: 40,
    numeric: true,
    hideable: true,
  },
  { id: "start", label: "Start", defaultWidth: 92, minWidth: 92, numeric: false, hideable: true },
  {
    id: "waterfall",
    label: "Waterfall",
    defaultWidth: 120,
    minWidth: 80,
    numeric: false,
    hideable: true,
  },
];

// Dropped first to last when the list is too narrow for what the user chose to show: the
// function, status and waterfall are what a narrow dock is opened for.
const SQUEEZE_ORDER: readonly ColumnId[] = ["kind", "attempts", "duration", "start"];

/** What the user chose: each column's width and which columns are hidden. */
export interface ColumnPrefs {
  readonly widths: Readonly<Record<ColumnId, number>>;
  readonly hidden: readonly ColumnId[];
}

/** How the list lays its columns out at one width. */
export interface ColumnLayout {
  /** The columns shown, in order. */
  readonly shown: readonly ColumnId[];
  /** Columns the user wants but that do not fit at this width; the column menu says so. */
  readonly squeezed: readonly ColumnId[];
  /** The CSS `grid-template-columns` for the header and every row. */
  readonly template: string;
}

function spec(id: ColumnId): ColumnSpec {
  return COLUMNS.find((column) => column.id === id) as ColumnSpec;
}

function clampWidth(id: ColumnId, width: number): number {
  return Math.max(spec(id).minWidth, Math.min(MAX_COLUMN_WIDTH, Math.round(width)));
}

/** Every column shown at its default width. */
export const DEFAULT_COLUMN_PREFS: ColumnPrefs = {
  widths: Object.fromEntries(COLUMNS.map((c) => [c.id, c.defaultWidth])) as Record<
    ColumnId,
    number
  >,
  hidden: [],
};

function isColumnId(value: unknown): value is ColumnId {
  return typeof value === "string" && (COLUMN_IDS as readonly string[]).includes(value);
}

/** The remembered column preferences; anything missing or malformed falls back to the default. */
export function loadColumnPrefs(storage: PrefStorage | undefined): ColumnPrefs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(COLUMN_PREFS_KEY) ?? "null");
  } catch {
    return DEFAULT_COLUMN_PREFS;
  }
  if (typeof parsed !== "object" || parsed === null) return DEFAULT_COLUMN_PREFS;
  const { widths, hidden } = parsed as { widths?: unknown; hidden?: unknown };
  const stored = typeof widths === "object" && widths !== null ? widths : {};
  const merged = { ...DEFAULT_COLUMN_PREFS.widths };
  for (const id of COLUMN_IDS) {
    const width = (stored as Record<string, unknown>)[id];
    if (typeof width === "number" && Number.isFinite(width)) merged[id] = clampWidth(id, width);
  }
  const hiddenIds = Array.isArray(hidden)
    ? hidden.filter((id): id is ColumnId => isColumnId(id) && spec(id).hideable)
    : [];
  return { widths: merged, hidden: [...new Set(hiddenIds)] };
}

/** Remembers the column preferences; a blocked or full storage only means they are not kept. */
export function saveColumnPrefs(storage: PrefStorage | undefined, prefs: ColumnPrefs): void {
  try {
    storage?.setItem(COLUMN_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Not kept; the list still uses them until the panel closes.
  }
}

/** The preferences with one column set to `width`, held between its minimum and the maximum. */
export function resizeColumn(prefs: ColumnPrefs, id: ColumnId, width: number): ColumnPrefs {
  return { ...prefs, widths: { ...prefs.widths, [id]: clampWidth(id, width) } };
}

/** The preferences with one column shown if it was hidden, hidden if it was shown. */
export function toggleColumn(prefs: ColumnPrefs, id: ColumnId): ColumnPrefs {
  if (!spec(id).hideable) return prefs;
  const hidden = prefs.hidden.includes(id)
    ? prefs.hidden.filter((other) => other !== id)
    : [...prefs.hidden, id];
  return { ...prefs, hidden };
}

/**
 * Lays the wanted columns out in `available` CSS pixels without horizontal overflow. The
 * waterfall (or, when it is hidden, the function) takes what is left. When that is less than its
 * minimum, the function column shrinks toward its own minimum, then the least useful columns
 * are left out, one at a time. A width of 0 or less (not measured yet) squeezes nothing.
 */
export function fitColumns(prefs: ColumnPrefs, available: number): ColumnLayout {
  const wanted = COLUMN_IDS.filter((id) => !prefs.hidden.includes(id));
  const flex: ColumnId = wanted.includes("waterfall") ? "waterfall" : "function";
  const widths = { ...prefs.widths };
  const shown = [...wanted];
  const squeezed: ColumnId[] = [];
  const need = () =>
    shown.reduce((sum, id) => sum + (id === flex ? spec(id).minWidth : widths[id]), 0);
  if (available > 0) {
    if (need() > available && flex !== "function") {
      widths.function = Math.max(spec("function").minWidth, widths.function - (need() - available));
    }
    for (const id of SQUEEZE_ORDER) {
      if (need() <= available) break;
      const index = shown.indexOf(id);
      if (index === -1) continue;
      shown.splice(index, 1);
      squeezed.push(id);
    }
  }
  const template = shown
    .map((id) => (id === flex ? `minmax(${spec(id).minWidth}px, 1fr)` : `${widths[id]}px`))
    .join(" ");
  return { shown, squeezed, template };
}
