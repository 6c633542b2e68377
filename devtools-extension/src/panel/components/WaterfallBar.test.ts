import { describe, expect, it } from "vitest";
import { retriedSubscriptionCall } from "../store/test-support/wireItems";
import { type BarPiece, barPieces } from "./WaterfallBar";

const failed = { code: "NETWORK", message: "fetch failed" };

/** The bar covers [from, to] with no hole and no overlap. */
function expectTiled(pieces: readonly BarPiece[], from: number, to: number): void {
  expect(pieces[0]?.start).toBe(from);
  for (let i = 1; i < pieces.length; i++) expect(pieces[i]?.start).toBe(pieces[i - 1]?.end);
  expect(pieces[pieces.length - 1]?.end).toBe(to);
}

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

  // A subscription that failed twice, then waited 70 ms for the socket and answered 25 ms later.
  const retriedSubscription = { ...retriedSubscriptionCall(1, 1_000), failed: false };

  it("draws a retried subscription's earlier attempts, backoffs, then the last attempt's wait for the WebSocket and the function's time, covering its whole duration", () => {
    const pieces = barPieces(retriedSubscription);
    expect(pieces).toEqual([
      { kind: "attempt", start: 1_000, end: 1_230, error: true },
      { kind: "gap", start: 1_230, end: 1_330, error: false },
      { kind: "attempt", start: 1_330, end: 1_370, error: true },
      { kind: "gap", start: 1_370, end: 1_570, error: false },
      { kind: "connect", start: 1_570, end: 1_640, error: false },
      { kind: "attempt", start: 1_640, end: 1_665, error: false },
    ]);
    expectTiled(pieces, 1_000, 1_665);
    const ms = (kind: BarPiece["kind"]) =>
      pieces.filter((p) => p.kind === kind).reduce((sum, p) => sum + p.end - p.start, 0);
    // earlier attempts + backoffs + connect + function = the record's duration.
    expect([ms("attempt") - 25, ms("gap"), ms("connect"), 25]).toEqual([270, 300, 70, 25]);
    expect(ms("attempt") + ms("gap") + ms("connect")).toBe(retriedSubscription.durationMs);
  });

  it("keeps a retried subscription's final failure after its wait for the WebSocket", () => {
    const pieces = barPieces({
      ...retriedSubscription,
      failed: true,
      attemptDetails: [
        ...retriedSubscription.attemptDetails.slice(0, 2),
        { attempt: 3, startedAt: 1_570, durationMs: 95, error: failed },
      ],
    });
    expect(pieces.slice(-2)).toEqual([
      { kind: "connect", start: 1_570, end: 1_640, error: false },
      { kind: "attempt", start: 1_640, end: 1_665, error: true },
    ]);
    expectTiled(pieces, 1_000, 1_665);
  });

  it("draws no backoff after the last attempt for the sub-millisecond skew between the record's clocks", () => {
    const pieces = barPieces({ ...retriedSubscription, durationMs: 665.56 });
    expect(pieces.map((p) => p.kind)).toEqual([
      "attempt",
      "gap",
      "attempt",
      "gap",
      "connect",
      "attempt",
    ]);
    expectTiled(pieces, 1_000, 1_665.56);
  });
});
