import type { BarPiece } from "../components/WaterfallBar";
import { type TimeWindow, xOf } from "./timeScale";

/** A bar piece placed on a track, in pixels from its left edge. */
export interface PlacedPiece extends BarPiece {
  /** Its position among the call's pieces, so a caller can tell which attempt it is. */
  readonly index: number;
  readonly left: number;
  readonly width: number;
}

/**
 * The narrowest a piece is drawn, in pixels. Four is the least in which an attempt's colour and a
 * dotted backoff gap can both be told apart, so a retried call in a ten-minute view still shows
 * "attempt, wait, attempt" rather than one dot.
 */
export const MIN_PIECE_PX = 4;

/**
 * Places a call's pieces on a track `widthPx` wide showing `window`. Each piece is at least
 * `minPx` wide and starts where the one before it ends at the earliest, so short attempts and
 * gaps push their neighbours right rather than overlap them; a bar pushed past the right edge
 * moves back left as a whole. Pieces wholly outside the window are left out; the others are cut
 * at its edges.
 */
export function placePieces(
  pieces: readonly BarPiece[],
  window: TimeWindow,
  widthPx: number,
  minPx = MIN_PIECE_PX,
): PlacedPiece[] {
  const placed: PlacedPiece[] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  for (const [index, piece] of pieces.entries()) {
    if (piece.end < window.start || piece.start > window.end) continue;
    const from = Math.max(0, xOf(window, widthPx, piece.start));
    const to = Math.min(widthPx, xOf(window, widthPx, piece.end));
    const left = Math.max(from, cursor);
    const width = Math.max(minPx, to - left);
    placed.push({ ...piece, index, left, width });
    cursor = left + width;
  }
  const overflow = cursor - widthPx;
  if (overflow <= 0) return placed;
  return placed.map((piece) => ({ ...piece, left: Math.max(0, piece.left - overflow) }));
}
