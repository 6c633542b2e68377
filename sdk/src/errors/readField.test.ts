import { describe, expect, it } from "vitest";
import { readField, readString } from "./readField.js";

describe("readField", () => {
  it("reads a field, and gives undefined where reading throws", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(readField({ code: 7 }, "code")).toBe(7);
    expect(readField(hostile, "code")).toBeUndefined();
    expect(readString({ name: "TypeError" }, "name")).toBe("TypeError");
    expect(readString({ name: 7 }, "name")).toBeUndefined();
    expect(readString(hostile, "name")).toBeUndefined();
  });
});
