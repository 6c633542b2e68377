import { describe, expect, it } from "vitest";
import { NOT_TRACED, traceIdText } from "./traceIdText";

describe("traceIdText", () => {
  it("says a call is not traced instead of showing all-zero or empty ids", () => {
    expect(traceIdText("0".repeat(32))).toBe(NOT_TRACED);
    expect(traceIdText("0".repeat(16))).toBe(NOT_TRACED);
    expect(traceIdText("")).toBe(NOT_TRACED);
  });

  it("shows a real id as it is", () => {
    expect(traceIdText("4bf92f3577b34da6a3ce929d0e0e4736")).toBe(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
  });
});
