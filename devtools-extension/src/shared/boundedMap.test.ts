import { describe, expect, it } from "vitest";
import { BoundedMap } from "./boundedMap";

describe("BoundedMap", () => {
  it("never holds more than its capacity, forgetting the key set longest ago", () => {
    const sessions = new BoundedMap<string, number>(2);
    sessions.set("s1", 1);
    sessions.set("s2", 2);
    sessions.set("s3", 3);
    expect([...sessions.keys()]).toEqual(["s2", "s3"]);
  });

  it("updates a held key in place without forgetting another", () => {
    const sessions = new BoundedMap<string, number>(2);
    sessions.set("s1", 1);
    sessions.set("s2", 2);
    sessions.set("s1", 10);
    expect([...sessions.entries()]).toEqual([
      ["s1", 10],
      ["s2", 2],
    ]);
  });

  it("makes a key the newest when it is deleted and set again", () => {
    const sessions = new BoundedMap<string, number>(2);
    sessions.set("s1", 1);
    sessions.set("s2", 2);
    sessions.delete("s1");
    sessions.set("s1", 1);
    sessions.set("s3", 3);
    expect([...sessions.keys()]).toEqual(["s1", "s3"]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) {
      expect(() => new BoundedMap(capacity)).toThrow(RangeError);
    }
  });
});
