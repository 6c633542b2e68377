import { describe, expect, it } from "vitest";
import { breakerWindowTitle } from "./breakerWindowTitle";

describe("breakerWindowTitle", () => {
  it("states the window the page sent", () => {
    expect(breakerWindowTitle([10_000])).toMatch(
      /^Counted in the breaker's sliding window \(breaker\.windowMs: 10 s on this page\), not the calls list/,
    );
    expect(breakerWindowTitle([2_500, 2_500])).toContain("breaker.windowMs: 2.5 s on this page");
  });

  it("states the default when the page sent no window, or the breakers' windows differ", () => {
    const fallback = "(breaker.windowMs, 30 s by default)";
    expect(breakerWindowTitle([undefined])).toContain(fallback);
    expect(breakerWindowTitle([])).toContain(fallback);
    expect(breakerWindowTitle([10_000, 30_000])).toContain(fallback);
    expect(breakerWindowTitle([10_000, undefined])).toContain(fallback);
  });
});
