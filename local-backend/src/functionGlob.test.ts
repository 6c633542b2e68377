import { describe, expect, it } from "vitest";
import { compileFunctionGlob } from "./functionGlob.js";

describe("compileFunctionGlob", () => {
  it("matches every function of a module with module:*", () => {
    const matches = compileFunctionGlob("messages:*");
    expect(matches("messages:list")).toBe(true);
    expect(matches("messages:send")).toBe(true);
    expect(matches("users:list")).toBe(false);
    expect(matches("admin/messages:list")).toBe(false);
  });

  it("lets * cross folder separators", () => {
    expect(compileFunctionGlob("admin/*")("admin/deep/stats:summary")).toBe(true);
  });

  it("treats ? as exactly one character", () => {
    const matches = compileFunctionGlob("m:f?");
    expect(matches("m:f1")).toBe(true);
    expect(matches("m:f")).toBe(false);
    expect(matches("m:f12")).toBe(false);
  });

  it("treats regex characters literally", () => {
    const matches = compileFunctionGlob("a.b:(c)");
    expect(matches("a.b:(c)")).toBe(true);
    expect(matches("axb:(c)")).toBe(false);
  });

  it("matches a full path exactly when there are no wildcards", () => {
    expect(compileFunctionGlob("messages:send")("messages:send")).toBe(true);
    expect(compileFunctionGlob("messages:send")("messages:sendLater")).toBe(false);
  });
});
