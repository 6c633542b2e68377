/** One row of a list with separators: a call by its index in the list, or the k-th separator. */
export type SeparatedRow = { readonly call: number } | { readonly separator: number };

/** A list of `count` calls with a separator row before each call index in `breaks`. */
export interface SeparatedRows {
  /** Rows in all, separators included. */
  readonly total: number;
  /** What sits at row `position` (0 is the top). */
  rowAt(position: number): SeparatedRow;
  /** The row a call index is drawn at. */
  positionOf(callIndex: number): number;
}

/**
 * Lays out separator rows (a page reload) among a windowed list's fixed-height rows, so the
 * list can still find what is on screen by arithmetic. `breaks` are call indices, ascending and
 * distinct, each in (0, count): a separator goes just above that call. Few (one per page load the
 * panel keeps), so each lookup walks them.
 */
export function separatedRows(count: number, breaks: readonly number[]): SeparatedRows {
  return {
    total: count + breaks.length,
    rowAt(position) {
      for (const [k, index] of breaks.entries()) {
        const at = index + k;
        if (position < at) return { call: position - k };
        if (position === at) return { separator: k };
      }
      return { call: position - breaks.length };
    },
    positionOf(callIndex) {
      let before = 0;
      for (const index of breaks) if (index <= callIndex) before++;
      return callIndex + before;
    },
  };
}
