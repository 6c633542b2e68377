import { describe, expect, it } from "vitest";
import { checkLabel, checkStatusText } from "./checkLabel";

const check = (extra: Partial<Parameters<typeof checkLabel>[0]>) => ({
  name: "query_latency",
  status: "healthy",
  value: 120,
  threshold: 300,
  message: "Queries answer in 80 ms on average, 120 ms at p95.",
  ...extra,
});

describe("checkLabel", () => {
  it("names query latency with its unit and the warning bound the user set", () => {
    expect(
      checkLabel(
        check({
          status: "degraded",
          value: 620,
          threshold: 500,
          message: "p95 query latency 620 ms is above 500 ms.",
        }),
      ),
    ).toEqual({ name: "Query latency (p95)", value: "620 ms", threshold: "warn above 500 ms" });
  });

  it("shows the critical bound once a check is unhealthy", () => {
    expect(
      checkLabel(check({ name: "error_rate", status: "unhealthy", value: 0.2, threshold: 0.05 })),
    ).toMatchObject({ name: "Error rate", value: "20%", threshold: "critical above 5.0%" });
  });

  it("never shows a threshold of 0 for counts", () => {
    expect(checkLabel(check({ name: "breakers", value: 0, threshold: 0 }))).toMatchObject({
      name: "Open breakers",
      value: "0",
      threshold: "any",
    });
  });

  it("shows no threshold without data, and says no data in words", () => {
    expect(checkLabel(check({ status: "no_data", value: null, threshold: null })).threshold).toBe(
      "–",
    );
    expect(checkStatusText("no_data")).toBe("no data");
  });
});
