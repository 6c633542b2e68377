import { describe, expect, it } from "vitest";
import { logText } from "./logText.js";

describe("logText", () => {
  it("keeps strings, names errors and writes other values as JSON", () => {
    expect(logText("[LOG] 'hi'")).toBe("[LOG] 'hi'");
    expect(logText(new TypeError("bad"))).toBe("TypeError: bad");
    expect(logText({ n: 1 })).toBe('{"n":1}');
    expect(logText(undefined)).toBe("undefined");
  });

  it("never throws, whatever it is given", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(logText(cycle)).toBe("[object Object]");
    expect(logText(10n)).toBe("10");
    const bare = Object.create(null) as Record<string, unknown>;
    bare.self = bare;
    expect(logText(bare)).toBe("[unprintable value]");
  });
});
