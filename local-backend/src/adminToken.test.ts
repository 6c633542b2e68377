import { describe, expect, it } from "vitest";
import { adminTokenProblem, bearerMatches, newAdminToken } from "./adminToken.js";

describe("admin tokens", () => {
  it("makes a different, well-formed token each time", () => {
    const first = newAdminToken();
    expect(adminTokenProblem(first)).toBeNull();
    expect(newAdminToken()).not.toBe(first);
  });

  it("accepts only the exact token as a bearer credential", () => {
    const token = "abcdefghijklmnop-123";
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });

  it("refuses chosen tokens that are short or would not survive a header", () => {
    expect(adminTokenProblem("short")).not.toBeNull();
    expect(adminTokenProblem("has spaces in it, sixteen+")).not.toBeNull();
    expect(adminTokenProblem("x".repeat(257))).not.toBeNull();
    expect(adminTokenProblem("dev-token-for-the-demo")).toBeNull();
  });
});
