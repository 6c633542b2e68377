import { describe, expect, it } from "vitest";
import { scrollToRow, windowedRows } from "./windowedRows";

describe("windowedRows", () => {
  it("renders the rows on screen and ten either side, never past the list", () => {
    // 22 px rows, a 220 px body scrolled to row 50: rows 50–59 on screen.
    expect(windowedRows(50 * 22, 220, 1_000, 22)).toEqual({ first: 40, last: 70 });
    expect(windowedRows(0, 220, 1_000, 22)).toEqual({ first: 0, last: 20 });
    expect(windowedRows(0, 220, 5, 22)).toEqual({ first: 0, last: 5 });
  });
});

describe("scrollToRow", () => {
  it("leaves the scroll alone when the row is already in view", () => {
    expect(scrollToRow(5, 22, 0, 220)).toBe(0);
  });

  it("scrolls up to a row above the view, and just far enough down to one below it", () => {
    expect(scrollToRow(2, 22, 100, 220)).toBe(44);
    // Row 20 spans 440–462; the body shows 220 px, so the bottom edge lands on 462.
    expect(scrollToRow(20, 22, 0, 220)).toBe(462 - 220);
  });
});
