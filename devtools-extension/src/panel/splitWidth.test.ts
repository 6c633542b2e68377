import { describe, expect, it } from "vitest";
import type { PrefStorage } from "./prefStorage";
import {
  clampSplitWidth,
  loadSplitWidth,
  MIN_DETAIL_WIDTH,
  MIN_LIST_WIDTH,
  SPLIT_WIDTH_KEY,
  saveSplitWidth,
} from "./splitWidth";

function memoryStorage(initial: Record<string, string> = {}): PrefStorage & {
  data: Record<string, string>;
} {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

describe("the split between the list and the detail pane", () => {
  it("gives the detail pane 40 % of the split when nothing is remembered", () => {
    expect(clampSplitWidth(null, 1400)).toBe(560);
    expect(clampSplitWidth(null, 800)).toBe(320);
  });

  it("never makes the detail pane narrower than its minimum", () => {
    expect(clampSplitWidth(10, 1400)).toBe(MIN_DETAIL_WIDTH);
  });

  it("always leaves the list its minimum width", () => {
    expect(clampSplitWidth(5000, 800)).toBe(800 - MIN_LIST_WIDTH);
  });

  it("splits a dock too small for both minimums by share instead of overflowing", () => {
    expect(clampSplitWidth(400, 400)).toBe(160);
  });

  it("remembers the width and reads it back", () => {
    const storage = memoryStorage();
    saveSplitWidth(storage, 412.4);
    expect(storage.data[SPLIT_WIDTH_KEY]).toBe("412");
    expect(loadSplitWidth(storage)).toBe(412);
  });

  it("ignores a stored value that is not a width", () => {
    expect(loadSplitWidth(memoryStorage({ [SPLIT_WIDTH_KEY]: "wide" }))).toBeNull();
    expect(loadSplitWidth(memoryStorage({ [SPLIT_WIDTH_KEY]: "-3" }))).toBeNull();
    expect(loadSplitWidth(memoryStorage())).toBeNull();
  });

  it("keeps working when storage throws", () => {
    const blocked: PrefStorage = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
    };
    expect(loadSplitWidth(blocked)).toBeNull();
    expect(() => saveSplitWidth(blocked, 300)).not.toThrow();
  });
});
