import { describe, expect, it } from "vitest";
import { minOrderGap, orderBetween } from "./ordering.js";

describe("orderBetween", () => {
  it("places a task between its neighbours, or past the end it is moved to", () => {
    expect(orderBetween(undefined, undefined)).toBe(1);
    expect(orderBetween(undefined, 5)).toBe(4);
    expect(orderBetween(5, undefined)).toBe(6);
    expect(orderBetween(1, 2)).toBe(1.5);
  });

  it("asks for a renumbering once the neighbours are too close to split", () => {
    expect(orderBetween(1, 1 + minOrderGap / 2)).toBeNull();
    expect(orderBetween(1, 1)).toBeNull();
  });
});
