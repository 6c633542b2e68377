import { describe, expect, it } from "vitest";
import { barPieces } from "./WaterfallBar";

describe("barPieces", () => {
  it("draws a subscription's wait for the WebSocket and the function's time as two segments", () => {
    expect(barPieces({ startedAt: 100, durationMs: 650, connectMs: 600, failed: false })).toEqual([
      { kind: "connect", start: 100, end: 700, error: false },
      { kind: "attempt", start: 700, end: 750, error: false },
    ]);
  });

  it("draws a single attempt as one segment", () => {
    expect(barPieces({ startedAt: 100, durationMs: 50, failed: false })).toEqual([
      { kind: "attempt", start: 100, end: 150, error: false },
    ]);
  });

  it("shows each attempt and the backoff waits between them", () => {
    const pieces = barPieces({
      startedAt: 0,
      durationMs: 400,
      failed: true,
      attemptDetails: [
        { attempt: 1, startedAt: 0, durationMs: 50, error: { code: "SERVER_ERROR", message: "" } },
        {
          attempt: 2,
          startedAt: 150,
          durationMs: 50,
          error: { code: "SERVER_ERROR", message: "" },
        },
        {
          attempt: 3,
          startedAt: 350,
          durationMs: 40,
          error: { code: "SERVER_ERROR", message: "" },
        },
      ],
    });
    expect(pieces.map((p) => [p.kind, p.start, p.end])).toEqual([
      ["attempt", 0, 50],
      ["gap", 50, 150],
      ["attempt", 150, 200],
      ["gap", 200, 350],
      ["attempt", 350, 390],
      ["gap", 390, 400],
    ]);
  });
});
