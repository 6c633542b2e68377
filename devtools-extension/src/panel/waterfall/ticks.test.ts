import { describe, expect, it } from "vitest";
import { clockLabel, tickStep, ticks } from "./ticks";

const at = (h: number, m: number, s = 0, ms = 0) => new Date(2026, 0, 15, h, m, s, ms).getTime();

describe("the time ruler", () => {
  it("labels a ten-minute session in whole minutes, at least 90 px apart", () => {
    const window = { start: at(14, 0, 7), end: at(14, 10, 7) };
    const marks = ticks(window, 1_000);
    expect(marks.map((t) => t.label)).toEqual([
      "14:01",
      "14:02",
      "14:03",
      "14:04",
      "14:05",
      "14:06",
      "14:07",
      "14:08",
      "14:09",
      "14:10",
    ]);
  });

  it("shows seconds and then fractions of a second as the user zooms in", () => {
    expect(ticks({ start: at(14, 3, 0), end: at(14, 3, 10) }, 900)[1]?.label).toBe("14:03:01");
    const ms = ticks({ start: at(14, 3, 20), end: at(14, 3, 20, 40) }, 400);
    expect(ms.map((t) => t.label)).toEqual([
      "14:03:20.00",
      "14:03:20.01",
      "14:03:20.02",
      "14:03:20.03",
      "14:03:20.04",
    ]);
  });

  it("keeps labels apart at every zoom, from a millisecond to a day", () => {
    for (const span of [1, 7, 130, 2_500, 61_000, 600_000, 3_600_000, 86_400_000]) {
      for (const width of [200, 550, 1_300]) {
        const window = { start: at(9, 0), end: at(9, 0) + span };
        const step = tickStep(window, width);
        expect((step / span) * width).toBeGreaterThanOrEqual(90);
        const marks = ticks(window, width);
        expect(marks.length).toBeLessThanOrEqual(Math.ceil(width / 90) + 1);
        expect(new Set(marks.map((t) => t.label)).size).toBe(marks.length);
      }
    }
  });

  it("puts hour ticks on the local clock's hours", () => {
    const marks = ticks({ start: at(9, 30), end: at(15, 30) }, 400);
    expect(marks.every((t) => t.label.endsWith(":00"))).toBe(true);
  });

  it("writes as many digits as the step tells apart", () => {
    expect(clockLabel(at(8, 5, 3, 250), 60_000)).toBe("08:05");
    expect(clockLabel(at(8, 5, 3, 250), 5_000)).toBe("08:05:03");
    expect(clockLabel(at(8, 5, 3, 250), 200)).toBe("08:05:03.2");
    expect(clockLabel(at(8, 5, 3, 250), 50)).toBe("08:05:03.25");
  });
});
