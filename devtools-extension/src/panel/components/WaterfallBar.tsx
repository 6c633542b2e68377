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

// A record's total is timed on the monotonic clock and its attempts on the wall clock in whole
// ms, so the last attempt may end up to 1 ms before the total does: that is not a wait to draw.
const CLOCK_SKEW_MS = 1;

/**
 * The pieces of one call's bar: each attempt as a segment and each backoff wait between attempts
 * as a dotted gap, so a retried call shows where its time went. `connectMs` is the wait for the
 * WebSocket at the start of the attempt that answered (the only one, or the last of a retried
 * subscription), so that attempt starts with a connection segment and the connect never reads as
 * the function's time. The pieces cover the call's whole duration:
 * earlier attempts + backoffs + connect + function (sdk/src/telemetry/callRecord.ts).
 */
export function barPieces(subject: BarSubject): BarPiece[] {
  const attempts = subject.attemptDetails ?? [];
  const end = subject.startedAt + subject.durationMs;
  if (attempts.length === 0) {
    return answeringAttempt(subject.startedAt, end, subject.connectMs, subject.failed);
  }
  const pieces: BarPiece[] = [];
  let cursor = subject.startedAt;
  const last = attempts.length - 1;
  for (const [index, attempt] of attempts.entries()) {
    if (attempt.startedAt > cursor)
      pieces.push({ kind: "gap", start: cursor, end: attempt.startedAt, error: false });
    const attemptEnd = attempt.startedAt + attempt.durationMs;
    const error = attempt.error !== null;
    if (index === last) {
      pieces.push(...answeringAttempt(attempt.startedAt, attemptEnd, subject.connectMs, error));
    } else {
      pieces.push({ kind: "attempt", start: attempt.startedAt, end: attemptEnd, error });
    }
    cursor = Math.max(cursor, attemptEnd);
  }
  // Time after the last attempt (e.g. waiting to fail fast) shows as a gap too; clock skew does
  // not, and the last attempt then runs to the call's end.
  if (end - cursor >= CLOCK_SKEW_MS) pieces.push({ kind: "gap", start: cursor, end, error: false });
  else if (end > cursor) (pieces[pieces.length - 1] as BarPiece).end = end;
  return pieces;
}

/** The attempt that answered, from `start` to `end`: its wait for the socket, then its own time. */
function answeringAttempt(
  start: number,
  end: number,
  connectMs: number | undefined,
  error: boolean,
): BarPiece[] {
  const ready = start + Math.min(connectMs ?? 0, end - start);
  if (ready <= start) return [{ kind: "attempt", start, end, error }];
  return [
    { kind: "connect", start, end: ready, error: false },
    { kind: "attempt", start: ready, end, error },
  ];
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
