import { describe, expect, it } from "vitest";
import {
  formatTraceLine,
  MAX_TRACE_LINE_CHARS,
  parseTraceLine,
  type TraceLine,
} from "./traceLine.js";

const line: TraceLine = {
  v: 1,
  t: "4bf92f3577b34da6a3ce929d0e0e4736",
  s: [{ i: "00f067aa0ba902b7", n: "query notes:list", k: "server", t: 1, d: 2 }],
  o: 0,
};

describe("trace lines", () => {
  it("reads back what the helper prints, bare or quoted as Convex's logs show it", () => {
    expect(parseTraceLine(formatTraceLine(line))).toEqual(line);
    expect(parseTraceLine(`[LOG] '${formatTraceLine(line)}'`)).toEqual(line);
  });

  it("drops lines of another version, with bad ids, nested values or past the size cap", () => {
    const bad = [
      { ...line, v: 2 },
      { ...line, t: "xyz" },
      { ...line, s: [{ ...line.s[0], a: { doc: { secret: 1 } } }] },
      { ...line, s: [{ ...line.s[0], k: "evil" }] },
      { ...line, s: [] },
    ];
    for (const value of bad)
      expect(parseTraceLine(formatTraceLine(value as TraceLine))).toBeUndefined();
    const huge = { ...line, s: [{ ...line.s[0], a: { x: "y".repeat(MAX_TRACE_LINE_CHARS) } }] };
    expect(parseTraceLine(formatTraceLine(huge as TraceLine))).toBeUndefined();
    expect(parseTraceLine("[convex-lens] {not json")).toBeUndefined();
    expect(parseTraceLine("hello")).toBeUndefined();
  });
});
