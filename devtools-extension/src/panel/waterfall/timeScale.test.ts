import { describe, expect, it } from "vitest";
import {
  brushWindow,
  clampWindow,
  extentOf,
  fitWindow,
  MIN_WINDOW_MS,
  panWindow,
  timeAt,
  xOf,
  zoomWindow,
} from "./timeScale";

const bounds = { start: 0, end: 600_000 };

describe("the waterfall's time window", () => {
  it("spans every row, from the first start to the last end", () => {
    expect(
      extentOf([
        { startedAt: 500, durationMs: 100 },
        { startedAt: 100, durationMs: 50 },
      ]),
    ).toEqual({ start: 100, end: 600 });
    expect(extentOf([])).toBeNull();
  });

  it("zooms in around the pointer, keeping the time under it in place", () => {
    const zoomed = zoomWindow(bounds, 0.5, 150_000, bounds);
    expect(zoomed).toEqual({ start: 75_000, end: 375_000 });
    expect(xOf(zoomed, 600, 150_000)).toBeCloseTo(xOf(bounds, 600, 150_000) * 1.5 - 75, 6);
  });

  it("never zooms out past the whole session nor in past a millisecond", () => {
    expect(zoomWindow({ start: 100_000, end: 200_000 }, 100, 150_000, bounds)).toEqual(bounds);
    const tiny = zoomWindow({ start: 100, end: 101 }, 0.001, 100.5, bounds);
    expect(tiny.end - tiny.start).toBe(MIN_WINDOW_MS);
  });

  it("pans by time and stops at the ends of the session", () => {
    expect(panWindow({ start: 0, end: 1_000 }, 500, bounds)).toEqual({ start: 500, end: 1_500 });
    expect(panWindow({ start: 0, end: 1_000 }, -500, bounds)).toEqual({ start: 0, end: 1_000 });
    expect(panWindow({ start: 599_000, end: 600_000 }, 5_000, bounds)).toEqual({
      start: 599_000,
      end: 600_000,
    });
  });

  it("selects the brushed range whichever way it was dragged", () => {
    expect(brushWindow(3_000, 1_000, bounds)).toEqual({ start: 1_000, end: 3_000 });
    expect(brushWindow(2_000, 2_000, bounds).end - brushWindow(2_000, 2_000, bounds).start).toBe(
      MIN_WINDOW_MS,
    );
  });

  it("fits the rows on screen with a small margin, inside the session", () => {
    expect(
      fitWindow(
        [
          { startedAt: 10_000, durationMs: 1_000 },
          { startedAt: 19_000, durationMs: 1_000 },
        ],
        bounds,
      ),
    ).toEqual({ start: 9_800, end: 20_200 });
    expect(fitWindow([{ startedAt: 0, durationMs: 600_000 }], bounds)).toEqual(bounds);
    expect(fitWindow([], bounds)).toBeNull();
  });

  it("keeps a window inside the bounds by moving it before shrinking it", () => {
    expect(clampWindow({ start: -100, end: 900 }, bounds)).toEqual({ start: 0, end: 1_000 });
    expect(clampWindow({ start: -1, end: 700_000 }, bounds)).toEqual(bounds);
  });

  it("maps pixels back to the same times", () => {
    const window = { start: 1_000, end: 3_000 };
    expect(timeAt(window, 400, xOf(window, 400, 2_500))).toBe(2_500);
  });
});
