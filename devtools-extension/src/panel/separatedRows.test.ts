import { describe, expect, it } from "vitest";
import { separatedRows } from "./separatedRows";

describe("separatedRows", () => {
  it("puts each separator just above its call and shifts the calls below it", () => {
    const rows = separatedRows(5, [2, 4]);
    expect(rows.total).toBe(7);
    expect(Array.from({ length: rows.total }, (_, p) => rows.rowAt(p))).toEqual([
      { call: 0 },
      { call: 1 },
      { separator: 0 },
      { call: 2 },
      { call: 3 },
      { separator: 1 },
      { call: 4 },
    ]);
    expect([0, 1, 2, 3, 4].map((i) => rows.positionOf(i))).toEqual([0, 1, 3, 4, 6]);
  });

  it("is the plain list without breaks", () => {
    const rows = separatedRows(3, []);
    expect(rows.total).toBe(3);
    expect(rows.rowAt(2)).toEqual({ call: 2 });
    expect(rows.positionOf(2)).toBe(2);
  });
});
