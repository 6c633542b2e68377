import type { PrefStorage } from "./prefStorage";

/** Where the detail pane's width is remembered, so a narrow dock keeps the user's split. */
export const SPLIT_WIDTH_KEY = "convex-lens.detailWidth";
/** The detail pane is never narrower than this, so its key/value table stays readable. */
export const MIN_DETAIL_WIDTH = 240;
/** The list keeps at least this much, so function, status and the waterfall stay reachable. */
export const MIN_LIST_WIDTH = 280;
/** With nothing remembered, the detail pane takes this share of the split. */
export const DEFAULT_DETAIL_SHARE = 0.4;

/**
 * The detail pane's width for a split `containerWidth` wide: the wanted width (or the default
 * share) held between the pane's minimum and what leaves the list its minimum. A container too
 * small for both minimums splits by the default share rather than overflowing.
 */
export function clampSplitWidth(wanted: number | null, containerWidth: number): number {
  const fallback = Math.round(containerWidth * DEFAULT_DETAIL_SHARE);
  if (containerWidth < MIN_DETAIL_WIDTH + MIN_LIST_WIDTH) return fallback;
  const width = wanted === null || !Number.isFinite(wanted) ? fallback : Math.round(wanted);
  return Math.max(MIN_DETAIL_WIDTH, Math.min(containerWidth - MIN_LIST_WIDTH, width));
}

/** The remembered detail width in CSS pixels, or null when none (or garbage) was stored. */
export function loadSplitWidth(storage: PrefStorage | undefined): number | null {
  try {
    const raw = storage?.getItem(SPLIT_WIDTH_KEY);
    if (raw === null || raw === undefined) return null;
    const width = Number(raw);
    return Number.isFinite(width) && width > 0 ? Math.round(width) : null;
  } catch {
    // Storage can be blocked (a sandboxed page); the split still works, it is just not kept.
    return null;
  }
}

/** Remembers the detail width; a blocked or full storage only means it is not kept. */
export function saveSplitWidth(storage: PrefStorage | undefined, width: number): void {
  try {
    storage?.setItem(SPLIT_WIDTH_KEY, String(Math.round(width)));
  } catch {
    // Not kept; nothing else depends on it.
  }
}
