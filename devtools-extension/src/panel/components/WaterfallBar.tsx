import type { WireAttempt } from "@convex-lens/sdk/devtools-protocol";

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

/** A bar positioned within [rangeStart, rangeEnd]. */
export function WaterfallBar(props: { subject: BarSubject; rangeStart: number; rangeEnd: number }) {
  const { subject, rangeStart, rangeEnd } = props;
  const span = Math.max(1, rangeEnd - rangeStart);
  const pct = (t: number) => `${Math.max(0, Math.min(100, ((t - rangeStart) / span) * 100))}%`;
  const width = (a: number, b: number) => `${Math.max(0, Math.min(100, ((b - a) / span) * 100))}%`;
  const pieces = barPieces(subject);
  const last = pieces.filter((p) => p.kind === "attempt").length - 1;
  let attemptIndex = -1;
  return (
    <div class="bar-track" aria-hidden="true">
      {pieces.map((piece) => {
        if (piece.kind === "gap" || piece.kind === "connect") {
          return (
            <div
              class={piece.kind === "gap" ? "bar-gap" : "bar-connect"}
              title={piece.kind === "connect" ? "waiting for the WebSocket" : undefined}
              style={{ left: pct(piece.start), width: width(piece.start, piece.end) }}
            />
          );
        }
        attemptIndex++;
        const failedFinal = subject.failed && attemptIndex === last;
        const cls = failedFinal
          ? "bar-seg error"
          : piece.error
            ? "bar-seg attempt-error"
            : "bar-seg";
        return (
          <div
            class={cls}
            style={{ left: pct(piece.start), width: width(piece.start, piece.end) }}
          />
        );
      })}
    </div>
  );
}
