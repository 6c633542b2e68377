import { describe, expect, it } from "vitest";
import { BoundedSet } from "./boundedSet.js";

describe("BoundedSet", () => {
  it("never holds more than its capacity, forgetting the oldest entry first", () => {
    const set = new BoundedSet<string>(3);
    for (const path of ["a:1", "a:2", "a:3", "a:4", "a:5"]) set.add(path);
    expect(set.size).toBe(3);
    expect(["a:1", "a:2", "a:3", "a:4", "a:5"].map((path) => set.has(path))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it("keeps an entry added again where it was, without evicting another", () => {
    const set = new BoundedSet<string>(2);
    set.add("a");
    set.add("b");
    set.add("a");
    expect(set.size).toBe(2);
    set.add("c");
    expect([set.has("a"), set.has("b"), set.has("c")]).toEqual([false, true, true]);
  });
});
