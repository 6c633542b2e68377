import { describe, expect, it } from "vitest";
import {
  COLUMN_PREFS_KEY,
  DEFAULT_COLUMN_PREFS,
  fitColumns,
  loadColumnPrefs,
  MAX_COLUMN_WIDTH,
  resizeColumn,
  saveColumnPrefs,
  toggleColumn,
} from "./columnPrefs";
import type { PrefStorage } from "./prefStorage";

function memoryStorage(initial: Record<string, string> = {}): PrefStorage {
  const data = { ...initial };
  return {
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

describe("the call list's columns", () => {
  it("shows every column when there is room, the waterfall taking the rest", () => {
    const layout = fitColumns(DEFAULT_COLUMN_PREFS, 1400);
    expect(layout.shown).toEqual([
      "kind",
      "function",
      "status",
      "duration",
      "attempts",
      "start",
      "waterfall",
    ]);
    expect(layout.squeezed).toEqual([]);
    expect(layout.template).toBe("64px 220px 130px 72px 66px 92px minmax(80px, 1fr)");
  });

  it("shrinks the function column before leaving any column out", () => {
    const layout = fitColumns(DEFAULT_COLUMN_PREFS, 600);
    expect(layout.squeezed).toEqual([]);
    expect(layout.template).toBe("64px 96px 130px 72px 66px 92px minmax(80px, 1fr)");
  });

  it("leaves out kind, then attempts, when a narrow dock cannot fit them, never the waterfall", () => {
    const layout = fitColumns(DEFAULT_COLUMN_PREFS, 470);
    expect(layout.squeezed).toEqual(["kind", "attempts"]);
    expect(layout.shown).toEqual(["function", "status", "duration", "start", "waterfall"]);
  });

  it("never lays out wider than the list once it has been measured", () => {
    for (const width of [300, 380, 470, 520, 640, 800]) {
      const layout = fitColumns(DEFAULT_COLUMN_PREFS, width);
      const fixed = [...layout.template.matchAll(/(\d+)px/g)].map((m) => Number(m[1]));
      expect(fixed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Math.max(width, 90 + 130 + 80));
    }
  });

  it("lets the function column take the rest when the waterfall is hidden", () => {
    const prefs = toggleColumn(DEFAULT_COLUMN_PREFS, "waterfall");
    expect(fitColumns(prefs, 1000).template).toBe("64px minmax(90px, 1fr) 130px 72px 66px 92px");
  });

  it("squeezes nothing before the list has been measured", () => {
    expect(fitColumns(DEFAULT_COLUMN_PREFS, 0).squeezed).toEqual([]);
  });

  it("hides and shows a column, but never the function", () => {
    const hidden = toggleColumn(DEFAULT_COLUMN_PREFS, "kind");
    expect(hidden.hidden).toEqual(["kind"]);
    expect(toggleColumn(hidden, "kind").hidden).toEqual([]);
    expect(toggleColumn(DEFAULT_COLUMN_PREFS, "function")).toBe(DEFAULT_COLUMN_PREFS);
  });

  it("holds a resized column between its minimum and the maximum", () => {
    expect(resizeColumn(DEFAULT_COLUMN_PREFS, "status", 10).widths.status).toBe(60);
    expect(resizeColumn(DEFAULT_COLUMN_PREFS, "status", 5000).widths.status).toBe(MAX_COLUMN_WIDTH);
    expect(resizeColumn(DEFAULT_COLUMN_PREFS, "start", 20).widths.start).toBe(92);
  });

  it("remembers widths and hidden columns and reads them back", () => {
    const storage = memoryStorage();
    const prefs = toggleColumn(resizeColumn(DEFAULT_COLUMN_PREFS, "status", 200), "attempts");
    saveColumnPrefs(storage, prefs);
    expect(loadColumnPrefs(storage)).toEqual(prefs);
  });

  it("falls back to the defaults for stored garbage, keeping what is valid", () => {
    expect(loadColumnPrefs(memoryStorage({ [COLUMN_PREFS_KEY]: "{not json" }))).toEqual(
      DEFAULT_COLUMN_PREFS,
    );
    const partial = loadColumnPrefs(
      memoryStorage({
        [COLUMN_PREFS_KEY]: JSON.stringify({
          widths: { status: 9999, kind: "wide" },
          hidden: ["function", "nope", "start", "start"],
        }),
      }),
    );
    expect(partial.widths.status).toBe(MAX_COLUMN_WIDTH);
    expect(partial.widths.kind).toBe(64);
    expect(partial.hidden).toEqual(["start"]);
  });
});
