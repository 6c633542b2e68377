import { describe, expect, it } from "vitest";
import { faultFormOf, faultSummary } from "./faultSummary";

describe("faultSummary", () => {
  it("says errors, share, pattern and latency in one sentence", () => {
    expect(
      faultSummary({
        errorRate: 0.3,
        error: "overloaded",
        functions: "messages:*",
        latencyMs: 200,
      }),
    ).toBe("Overloaded errors on 30 % of messages:* calls, +200 ms latency");
  });

  it("says latency alone with its scope and jitter", () => {
    expect(faultSummary({ latencyMs: 1000, jitterMs: 500 })).toBe(
      "+1000 ms latency ± 500 ms on all calls",
    );
  });

  it("says no faults for an empty configuration", () => {
    expect(faultSummary({})).toBe("no faults");
  });

  it("says offline", () => {
    expect(faultSummary({ offline: true })).toBe("offline (calls wait for the network)");
  });
});

describe("faultFormOf", () => {
  it("fills the form with the settings in force", () => {
    expect(
      faultFormOf({ errorRate: 0.3, error: "bug", functions: "tasks:*", latencyMs: 200 }),
    ).toEqual({
      latencyMs: "200",
      jitterMs: "",
      errorPercent: "30",
      error: "bug",
      functions: "tasks:*",
    });
  });

  it("leaves the form empty when nothing is set", () => {
    expect(faultFormOf(null)).toMatchObject({
      latencyMs: "",
      errorPercent: "",
      error: "overloaded",
    });
  });
});
