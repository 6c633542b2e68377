// Rows rendered above and below the visible ones, so fast scrolling does not show blanks.
const OVERSCAN = 10;

/**
 * The rows `[first, last)` a windowed list of `count` fixed-height rows puts in the DOM when
 * scrolled to `scrollTop` in a body `height` pixels tall: those on screen, plus a few either side.
 */
export function windowedRows(
  scrollTop: number,
  height: number,
  count: number,
  rowHeight: number,
): { first: number; last: number } {
  return {
    first: Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN),
    last: Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN),
  };
}

/**
 * The scroll offset that brings row `index` fully into view with the least movement: unchanged
 * when it is already visible, else aligned to the top or bottom edge it lies beyond.
 */
export function scrollToRow(
  index: number,
  rowHeight: number,
  scrollTop: number,
  clientHeight: number,
): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + clientHeight) return top + rowHeight - clientHeight;
  return scrollTop;
}
