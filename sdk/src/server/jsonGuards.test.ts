import { describe, expect, it } from "vitest";
import { isFiniteNumber, isRecord } from "./jsonGuards.js";

describe("JSON guards", () => {
  it("takes only objects for records, never null or an array", () => {
    expect(isRecord(JSON.parse('{"a":1}'))).toBe(true);
    expect([null, [], "{}", 1].map(isRecord)).toEqual([false, false, false, false]);
  });

  it("takes only finite numbers", () => {
    expect(isFiniteNumber(1.5)).toBe(true);
    expect([Number.NaN, Number.POSITIVE_INFINITY, "1", null].map(isFiniteNumber)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
