import { describe, expect, expectTypeOf, it } from "vitest";
import { errorCatalog } from "./errorCatalog.js";
import { ErrorCode } from "./errorCode.js";

describe("errorCatalog", () => {
  it("describes every code and nothing else", () => {
    // ErrorCode is made from the catalog's rows at run time; its documented type must list the same codes.
    expectTypeOf<keyof typeof errorCatalog>().toEqualTypeOf<ErrorCode>();
    expect(Object.keys(errorCatalog).sort()).toEqual(Object.values(ErrorCode).sort());
    expect(Object.values(ErrorCode).length).toBeGreaterThanOrEqual(20);
  });

  it("speaks to users calmly: short sentences without codes, jargon or blame", () => {
    for (const [code, info] of Object.entries(errorCatalog)) {
      const text = info.userMessage;
      expect(text.length, code).toBeLessThanOrEqual(100);
      expect(text, code).toMatch(/^[A-Z].*\.$/);
      expect(text, code).not.toMatch(
        /[0-9]|_|Convex|error|exception|mutation|query|action|invalid|failed|you did/i,
      );
      expect(text, code).not.toMatch(/!/);
    }
  });

  it("gives every code an HTTP error status", () => {
    for (const [code, info] of Object.entries(errorCatalog)) {
      expect(info.httpStatus, code).toBeGreaterThanOrEqual(400);
      expect(info.httpStatus, code).toBeLessThan(600);
    }
  });

  it("carries no developer descriptions, so apps do not ship them", () => {
    for (const info of Object.values(errorCatalog)) {
      expect(Object.keys(info).sort()).toEqual(["httpStatus", "retryable", "userMessage"]);
    }
  });

  it("marks transient failures retryable and deliberate or unknown outcomes not", () => {
    const retryable = Object.entries(errorCatalog)
      .filter(([, info]) => info.retryable)
      .map(([code]) => code)
      .sort();
    expect(retryable).toEqual(["NETWORK", "OFFLINE", "OVERLOADED", "RATE_LIMITED", "TIMEOUT"]);
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(errorCatalog)).toBe(true);
    expect(Object.isFrozen(errorCatalog.NETWORK)).toBe(true);
  });
});
