/** A span of time the waterfall shows, in milliseconds since the epoch; `end` > `start`. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** What the scale needs of a row: when it started and how long it took. */
export interface Timed {
  readonly startedAt: number;
  readonly durationMs: number;
}

/**
 * The narrowest window the user can zoom to. A millisecond still shows sub-millisecond attempts
 * as a few pixels each, and keeps the arithmetic far from floating-point noise at epoch scale.
 */
export const MIN_WINDOW_MS = 1;

/** The window that holds every row, or null when there are none: the bounds of zoom and pan. */
export function extentOf(rows: Iterable<Timed>): TimeWindow | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    start = Math.min(start, row.startedAt);
    end = Math.max(end, row.startedAt + Math.max(0, row.durationMs));
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  return { start, end: Math.max(end, start + MIN_WINDOW_MS) };
}

/**
 * `window` moved and shrunk to fit inside `bounds`, and widened to at least MIN_WINDOW_MS, so no
 * gesture can scroll the picture into empty time or collapse it to nothing.
 */
export function clampWindow(window: TimeWindow, bounds: TimeWindow): TimeWindow {
  const boundsSpan = bounds.end - bounds.start;
  const span = Math.min(boundsSpan, Math.max(MIN_WINDOW_MS, window.end - window.start));
  const start = Math.min(bounds.end - span, Math.max(bounds.start, window.start));
  return { start, end: start + span };
}

/**
 * Zooms by `factor` (below 1 zooms in) around the time `anchor`, which stays where it is on
 * screen: the wheel zooms around the pointer, the keyboard around the middle.
 */
export function zoomWindow(
  window: TimeWindow,
  factor: number,
  anchor: number,
  bounds: TimeWindow,
): TimeWindow {
  const at = Math.min(window.end, Math.max(window.start, anchor));
  return clampWindow(
    { start: at - (at - window.start) * factor, end: at + (window.end - at) * factor },
    bounds,
  );
}

/** The window moved by `deltaMs` (later when positive), stopping at the bounds. */
export function panWindow(window: TimeWindow, deltaMs: number, bounds: TimeWindow): TimeWindow {
  return clampWindow({ start: window.start + deltaMs, end: window.end + deltaMs }, bounds);
}

/** The window a brush drawn between two times selects, whichever way it was dragged. */
export function brushWindow(from: number, to: number, bounds: TimeWindow): TimeWindow {
  const start = Math.min(from, to);
  const end = Math.max(from, to);
  const middle = (start + end) / 2;
  const span = Math.max(MIN_WINDOW_MS, end - start);
  return clampWindow({ start: middle - span / 2, end: middle + span / 2 }, bounds);
}

/**
 * The window that fits `rows` (those on screen after filters and scrolling), with a margin of
 * `padFraction` on each side so the first and last bars do not touch the edges. Null without rows.
 */
export function fitWindow(
  rows: Iterable<Timed>,
  bounds: TimeWindow,
  padFraction = 0.02,
): TimeWindow | null {
  const extent = extentOf(rows);
  if (extent === null) return null;
  const pad = (extent.end - extent.start) * padFraction;
  return clampWindow({ start: extent.start - pad, end: extent.end + pad }, bounds);
}

/** The x position, in pixels from the track's left edge, of time `t`. */
export function xOf(window: TimeWindow, widthPx: number, t: number): number {
  return ((t - window.start) / (window.end - window.start)) * widthPx;
}

/** The time at `x` pixels from the track's left edge: the inverse of xOf. */
export function timeAt(window: TimeWindow, widthPx: number, x: number): number {
  return window.start + (x / Math.max(1, widthPx)) * (window.end - window.start);
}
