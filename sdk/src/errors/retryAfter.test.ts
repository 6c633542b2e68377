import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retryAfter.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-12-05T10:00:00Z");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date as the time left until it", () => {
    expect(parseRetryAfter("Sat, 05 Dec 2026 10:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Sat, 05 Dec 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable header and caps absurd waits at a day", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("999999999", now)).toBe(86_400_000);
  });
});
