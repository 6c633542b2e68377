import { describe, expect, it } from "vitest";
import { formatAgo, formatMs, formatRate } from "./formatNumbers.js";

describe("dashboard numbers", () => {
  it("shows latencies in the unit people read fastest", () => {
    expect(formatMs(0)).toBe("0 ms");
    expect(formatMs(0.42)).toBe("0.4 ms");
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(1_250)).toBe("1.25 s");
    expect(formatMs(15_000)).toBe("15.0 s");
    expect(formatMs(null)).toBe("—");
    expect(formatMs(Number.NaN)).toBe("—");
  });

  it("shows rates as percentages without noise digits", () => {
    expect(formatRate(0)).toBe("0 %");
    expect(formatRate(0.125)).toBe("12.5 %");
    expect(formatRate(0.5)).toBe("50 %");
    expect(formatRate(1 / 3)).toBe("33.3 %");
    expect(formatRate(1)).toBe("100 %");
    expect(formatRate(null)).toBe("—");
  });

  it("says how long ago a call happened", () => {
    expect(formatAgo(10_000, 12_000)).toBe("just now");
    expect(formatAgo(0, 42_000)).toBe("42 s ago");
    expect(formatAgo(0, 180_000)).toBe("3 min ago");
    expect(formatAgo(20_000, 10_000)).toBe("just now");
  });
});
