import type { WireAttempt } from "@convex-lens/sdk/devtools-protocol";
import { placePieces } from "../waterfall/barLayout";
import { MIN_WINDOW_MS } from "../waterfall/timeScale";

/** What a bar needs of a call or span. */
export interface BarSubject {
  readonly startedAt: number;
  readonly durationMs: number;
  readonly attemptDetails?: readonly WireAttempt[];
  readonly failed: boolean;
  /** Ms at the start spent waiting for the WebSocket: drawn as its own segment, not as the call's. */
  readonly connectMs?: number | undefined;
}

/** One piece of a bar, in milliseconds since the epoch. */
export interface BarPiece {
  kind: "attempt" | "gap" | "connect";
  start: number;
  end: number;
  error: boolean;
}

/**
 * The pieces of one call's bar: each attempt as a segment and each backoff wait between attempts
 * as a dotted gap, so a retried call shows where its time went. A call with one attempt is one
 * segment; one that first waited for the WebSocket (a subscription's cold connect) starts with a
 * connection segment, so the connect never reads as the function's time.
 */
export function barPieces(subject: BarSubject): BarPiece[] {
  const attempts = subject.attemptDetails ?? [];
  const end = subject.startedAt + subject.durationMs;
  if (attempts.length === 0) {
    const connectMs = Math.min(subject.connectMs ?? 0, subject.durationMs);
    if (connectMs <= 0) {
      return [{ kind: "attempt", start: subject.startedAt, end, error: subject.failed }];
    }
    const ready = subject.startedAt + connectMs;
    return [
      { kind: "connect", start: subject.startedAt, end: ready, error: false },
      { kind: "attempt", start: ready, end, error: subject.failed },
    ];
  }
  const pieces: BarPiece[] = [];
  let cursor = subject.startedAt;
  for (const attempt of attempts) {
    if (attempt.startedAt > cursor)
      pieces.push({ kind: "gap", start: cursor, end: attempt.startedAt, error: false });
    const attemptEnd = attempt.startedAt + attempt.durationMs;
    pieces.push({
      kind: "attempt",
      start: attempt.startedAt,
      end: attemptEnd,
      error: attempt.error !== null,
    });
    cursor = Math.max(cursor, attemptEnd);
  }
  // Time after the last attempt (e.g. waiting to fail fast) shows as a gap too.
  if (end > cursor) pieces.push({ kind: "gap", start: cursor, end, error: false });
  return pieces;
}

// The track width assumed when the caller does not measure it (the calls list's column): the
// minimum piece width then scales with the column instead of being exact pixels.
const NOMINAL_TRACK_PX = 200;

/**
 * A bar positioned within [rangeStart, rangeEnd]. Pieces keep a minimum width (barLayout.ts), so
 * a short call stays visible and a retried one still shows its attempts and waits apart however
 * far out the view is. Positions are percentages of `trackPx` (the track's measured width, when
 * the caller knows it), so the bar stays right while the track is being resized.
 */
export function WaterfallBar(props: {
  subject: BarSubject;
  rangeStart: number;
  rangeEnd: number;
  trackPx?: number;
}) {
  const { subject, rangeStart, rangeEnd } = props;
  const trackPx = props.trackPx && props.trackPx > 0 ? props.trackPx : NOMINAL_TRACK_PX;
  const window = { start: rangeStart, end: Math.max(rangeStart + MIN_WINDOW_MS, rangeEnd) };
  const pieces = barPieces(subject);
  const lastAttempt = pieces.filter((p) => p.kind === "attempt").length - 1;
  const pct = (px: number) => `${(px / trackPx) * 100}%`;
  let attemptIndex = -1;
  const attemptNumbers = pieces.map((piece) => (piece.kind === "attempt" ? ++attemptIndex : -1));
  const placed = placePieces(pieces, window, trackPx);
  return (
    <div class="bar-track" aria-hidden="true">
      {placed.map((piece) => {
        const style = { left: pct(piece.left), width: pct(piece.width) };
        if (piece.kind === "gap" || piece.kind === "connect") {
          return (
            <div
              class={piece.kind === "gap" ? "bar-gap" : "bar-connect"}
              title={piece.kind === "connect" ? "waiting for the WebSocket" : "backoff wait"}
              data-piece={piece.kind}
              style={style}
            />
          );
        }
        const index = attemptNumbers[piece.index] ?? 0;
        const failedFinal = subject.failed && index === lastAttempt;
        const cls = failedFinal
          ? "bar-seg error"
          : piece.error
            ? "bar-seg attempt-error"
            : "bar-seg";
        return <div class={cls} data-piece="attempt" style={style} />;
      })}
    </div>
  );
}
