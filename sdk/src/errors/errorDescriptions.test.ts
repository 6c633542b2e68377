import { describe, expect, it } from "vitest";
import { ErrorCode } from "./errorCode.js";
import { errorDescriptions } from "./errorDescriptions.js";

describe("errorDescriptions", () => {
  it("describes every code, and nothing else, in a sentence a developer can act on", () => {
    expect(Object.keys(errorDescriptions).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const [code, text] of Object.entries(errorDescriptions)) {
      expect(text.length, code).toBeGreaterThan(20);
      expect(text, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(errorDescriptions)).toBe(true);
  });
});
