import { describe, expect, it } from "vitest";
import type { BarPiece } from "../components/WaterfallBar";
import { MIN_PIECE_PX, placePieces } from "./barLayout";

// A retried call: 40 ms attempt, 160 ms backoff, 40 ms attempt, at 5 minutes into a session.
const retried: BarPiece[] = [
  { kind: "attempt", start: 300_000, end: 300_040, error: true },
  { kind: "gap", start: 300_040, end: 300_200, error: false },
  { kind: "attempt", start: 300_200, end: 300_240, error: false },
];

describe("placing a call's bar on the track", () => {
  it("keeps every attempt and gap of a retried call visible and in order in a ten-minute view", () => {
    const placed = placePieces(retried, { start: 0, end: 600_000 }, 600);
    expect(placed.map((p) => p.kind)).toEqual(["attempt", "gap", "attempt"]);
    for (const piece of placed) expect(piece.width).toBeGreaterThanOrEqual(MIN_PIECE_PX);
    for (let i = 1; i < placed.length; i++) {
      const before = placed[i - 1] as { left: number; width: number };
      expect(placed[i]?.left).toBeGreaterThanOrEqual(before.left + before.width - 1e-9);
    }
  });

  it("draws pieces at their true size once zoomed to the call", () => {
    const placed = placePieces(retried, { start: 300_000, end: 300_240 }, 480);
    expect(placed.map((p) => [p.left, p.width])).toEqual([
      [0, 80],
      [80, 320],
      [400, 80],
    ]);
  });

  it("cuts pieces at the window's edges and leaves out those outside it", () => {
    const placed = placePieces(retried, { start: 300_100, end: 300_220 }, 120);
    expect(placed.map((p) => [p.kind, p.left, p.width])).toEqual([
      ["gap", 0, 100],
      ["attempt", 100, 20],
    ]);
  });

  it("moves a bar pushed past the right edge back inside the track", () => {
    const atEnd: BarPiece[] = [
      { kind: "attempt", start: 599_990, end: 599_995, error: true },
      { kind: "gap", start: 599_995, end: 599_998, error: false },
      { kind: "attempt", start: 599_998, end: 600_000, error: false },
    ];
    const placed = placePieces(atEnd, { start: 0, end: 600_000 }, 600);
    const last = placed.at(-1) as { left: number; width: number };
    expect(last.left + last.width).toBeCloseTo(600, 6);
    expect(placed[0]?.left).toBeCloseTo(600 - 3 * MIN_PIECE_PX, 6);
  });
});
