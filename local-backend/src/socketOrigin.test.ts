import { describe, expect, it } from "vitest";
import { isAllowedSocketOrigin, normalizeAllowedOrigin } from "./socketOrigin.js";

describe("isAllowedSocketOrigin", () => {
  it("lets local pages and non-browser clients connect by default", () => {
    expect(isAllowedSocketOrigin(undefined, [])).toBe(true);
    expect(isAllowedSocketOrigin("http://localhost:5173", [])).toBe(true);
    expect(isAllowedSocketOrigin("http://127.0.0.1:4000", [])).toBe(true);
  });

  it("refuses other sites' pages and opaque origins by default", () => {
    expect(isAllowedSocketOrigin("https://evil.example", [])).toBe(false);
    expect(isAllowedSocketOrigin("http://localhost.evil.example", [])).toBe(false);
    expect(isAllowedSocketOrigin("null", [])).toBe(false);
  });

  it("lets configured origins in, exactly, or every origin with *", () => {
    const allowed = ["https://app.example"];
    expect(isAllowedSocketOrigin("https://app.example", allowed)).toBe(true);
    expect(isAllowedSocketOrigin("https://app.example:8443", allowed)).toBe(false);
    expect(isAllowedSocketOrigin("http://app.example", allowed)).toBe(false);
    expect(isAllowedSocketOrigin("https://evil.example", ["*"])).toBe(true);
  });
});

describe("normalizeAllowedOrigin", () => {
  it("keeps scheme, host and port, and refuses paths and other schemes", () => {
    expect(normalizeAllowedOrigin("https://App.Example:443")).toBe("https://app.example");
    expect(normalizeAllowedOrigin("*")).toBe("*");
    expect(normalizeAllowedOrigin("https://app.example/path")).toBeNull();
    expect(normalizeAllowedOrigin("file:///tmp")).toBeNull();
    expect(normalizeAllowedOrigin("app.example")).toBeNull();
  });
});
