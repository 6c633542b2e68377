import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_LENGTH, safeText, truncate } from "./safeText.js";

describe("safeText", () => {
  it("caps whatever it renders", () => {
    expect(safeText("x".repeat(5000)).length).toBe(MAX_MESSAGE_LENGTH);
    expect(safeText({ big: "y".repeat(5000) }).length).toBe(MAX_MESSAGE_LENGTH);
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });

  it("stops rendering huge objects early and shows their tag instead", () => {
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    expect(safeText(wide)).toBe("[object Object]");
  });

  it("renders functions, bigints and hostile objects without throwing", () => {
    expect(safeText(function namedThing() {})).toBe("[function namedThing]");
    expect(safeText({ n: 1n })).toBe('{"n":"1n"}');
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(typeof safeText(hostile)).toBe("string");
  });
});
