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
    ).toEqual({
      name: "Query latency (p95)",
      value: "620 ms",
      threshold: "warn above 500 ms",
      why: "p95 query latency 620 ms is above 500 ms.",
    });
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
    ).toMatchObject({
      name: "Error rate (system)",
      value: "20%",
      threshold: "critical above 5.0%",
    });
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

  it("shows the connection and online checks as states, not as a duration of 0 µs", () => {
    const connected = checkLabel(
      check({ name: "connection", value: 0, threshold: 1_000, details: { connected: true } }),
    );
    expect(connected.value).toBe("connected");
    const waited = checkLabel(
      check({ name: "connection", value: 52, threshold: 1_000, details: { connected: true } }),
    );
    expect(waited.value).toBe("waited 52.0 ms");
    const down = checkLabel(
      check({
        name: "connection",
        status: "unhealthy",
        value: 3_200,
        threshold: 0,
        details: { connected: false },
      }),
    );
    expect(down).toMatchObject({ value: "down 3.20 s", threshold: "critical when down" });
    expect(checkLabel(check({ name: "offline", value: 0, threshold: 0 })).value).toBe("online");
    expect(
      checkLabel(check({ name: "offline", status: "unhealthy", value: 4_000, threshold: 0 })).value,
    ).toBe("offline 4.00 s");
  });

  it("says a rate check counts only system failures, whatever the SDK's sentence says", () => {
    const success = checkLabel(
      check({
        name: "mutation_success",
        value: 1,
        threshold: 0.95,
        message: "Mutation success 100%: 0% failed for system reasons.",
        details: { calls: 4, failed: 0 },
      }),
    );
    expect(success.name).toBe("Mutation success (system)");
    expect(success.why).toMatch(
      /^None of the 4 mutations in the window failed for system reasons .*APPLICATION.* not counted/,
    );
    const failing = checkLabel(
      check({ name: "error_rate", value: 0.25, details: { calls: 8, failed: 2 } }),
    );
    expect(failing.why).toMatch(/^2 of the 8 calls in the window failed for system reasons/);
    // An SDK that sends no figures keeps its own sentence.
    expect(checkLabel(check({ name: "mutation_success", message: "m" })).why).toBe("m");
  });

  it("says how many mutations failed with the app's own error, when the SDK counts them", () => {
    const why = checkLabel(
      check({
        name: "mutation_success",
        value: 1,
        details: { calls: 4, failed: 0, appFailed: 1 },
      }),
    ).why;
    expect(why).toMatch(/^None of the 4 mutations .* 1 failed with the app's own error\.$/);
  });
});
