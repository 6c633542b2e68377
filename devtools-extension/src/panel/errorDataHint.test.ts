import { describe, expect, it } from "vitest";
import { errorDataLeftOut } from "./errorDataHint";

describe("errorDataLeftOut", () => {
  it("tells a ConvexError whose data the page did not capture", () => {
    expect(
      errorDataLeftOut("[Request ID: d71] Server Error\nUncaught ConvexError [data not captured]"),
    ).toBe(true);
    expect(errorDataLeftOut('Uncaught ConvexError: {"code":"EMPTY"}')).toBe(false);
  });
});
