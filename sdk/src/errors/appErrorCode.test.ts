import { describe, expect, it } from "vitest";
import { codeFromAppCode, normaliseAppCode } from "./appErrorCode.js";

describe("codeFromAppCode", () => {
  it("matches an app's code whatever its case or style", () => {
    for (const spelling of [
      "NOT_FOUND",
      "not_found",
      "notFound",
      "NotFound",
      "not-found",
      " Not Found ",
    ]) {
      expect([spelling, codeFromAppCode(spelling)]).toEqual([spelling, "NOT_FOUND"]);
    }
  });

  it("understands the common aliases", () => {
    expect(codeFromAppCode("UNAUTHORIZED")).toBe("UNAUTHENTICATED");
    expect(codeFromAppCode("INVALID_ARGUMENT")).toBe("VALIDATION");
    expect(codeFromAppCode("permissionDenied")).toBe("FORBIDDEN");
    expect(codeFromAppCode("RateLimited")).toBe("RATE_LIMITED");
    expect(codeFromAppCode("ALREADY_EXISTS")).toBe("CONFLICT");
  });

  it("leaves codes the taxonomy does not own to the app", () => {
    expect(codeFromAppCode("ROOM_FULL")).toBe("APPLICATION");
    expect(codeFromAppCode("TIMEOUT")).toBe("APPLICATION");
    expect(codeFromAppCode("__proto__")).toBe("APPLICATION");
    expect(codeFromAppCode("constructor")).toBe("APPLICATION");
    expect(codeFromAppCode(undefined)).toBe("APPLICATION");
    expect(codeFromAppCode(`NOT_FOUND${"_".repeat(200)}`)).toBe("APPLICATION");
  });

  it("normalises camel case, separators and edges", () => {
    expect(normaliseAppCode("tooManyRequests")).toBe("TOO_MANY_REQUESTS");
    expect(normaliseAppCode("--bad..request--")).toBe("BAD_REQUEST");
  });
});
