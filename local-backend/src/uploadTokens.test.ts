import { describe, expect, it } from "vitest";
import { UploadTokens } from "./uploadTokens.js";

describe("UploadTokens", () => {
  it("accepts a token until it is used, then refuses it", () => {
    const tokens = new UploadTokens();
    const token = tokens.issue();
    expect(tokens.isValid(token)).toBe(true);
    expect(tokens.isValid(token)).toBe(true);
    tokens.consume(token);
    expect(tokens.isValid(token)).toBe(false);
    expect(tokens.isValid("made-up")).toBe(false);
  });

  it("refuses a token after it expires", () => {
    let now = 1_000;
    const tokens = new UploadTokens(() => now, 10, 500);
    const token = tokens.issue();
    now = 1_499;
    expect(tokens.isValid(token)).toBe(true);
    now = 1_500;
    expect(tokens.isValid(token)).toBe(false);
    expect(tokens.size).toBe(0);
  });

  it("keeps at most its capacity, forgetting the oldest token first", () => {
    const tokens = new UploadTokens(Date.now, 3);
    const issued = Array.from({ length: 5 }, () => tokens.issue());
    expect(tokens.size).toBe(3);
    expect(issued.map((token) => tokens.isValid(token))).toEqual([false, false, true, true, true]);
  });
});
