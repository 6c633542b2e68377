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
          details: { statistic: "p95" },
        }),
      ),
    ).toEqual({ name: "Query latency (p95)", value: "620 ms", threshold: "warn above 500 ms" });
  });

  it("names the statistic the SDK says tripped, whatever its message says", () => {
    const reworded = { message: "Tail latency is high.", details: { statistic: "p95" } };
    expect(checkLabel(check(reworded)).name).toBe("Query latency (p95)");
    const byAverage = {
      message: "p95 is fine; the average is not.",
      details: { statistic: "average" },
    };
    expect(checkLabel(check(byAverage)).name).toBe("Query latency (average)");
  });

  it("adds no statistic for an SDK that does not report one, or reports one it does not know", () => {
    expect(checkLabel(check({ message: "p95 query latency 620 ms is above 500 ms." })).name).toBe(
      "Query latency",
    );
    expect(checkLabel(check({ details: { statistic: "toString" } })).name).toBe("Query latency");
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
