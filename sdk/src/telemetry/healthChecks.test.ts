import { describe, expect, it } from "vitest";
import {
  type ConnectionReading,
  HEALTH_CHECKS,
  type HealthCheck,
  type HealthInputs,
  judgeCheck,
} from "./healthChecks.js";
import { defaultHealthThresholds } from "./healthThresholds.js";
import type { CallStats } from "./metricsStore.js";
import { breakerSnapshot } from "./test-support/breakerSnapshot.js";

const idle: CallStats = {
  calls: 0,
  successes: 0,
  failures: 0,
  failuresByCode: {},
  errorRate: null,
  latency: null,
};

/** Window totals for `calls` queries of the given mean and p95 latency. */
function queries(calls: number, mean: number, p95: number): CallStats {
  return {
    ...idle,
    calls,
    successes: calls,
    errorRate: 0,
    latency: { count: calls, min: 1, max: p95, mean, p50: mean, p90: p95, p95, p99: p95 },
  };
}

/** A socket that connected once and is up, unless `overrides` say otherwise. */
function socket(overrides: Partial<ConnectionReading> = {}): ConnectionReading {
  return {
    connected: true,
    downSince: null,
    everConnected: true,
    reconnects: 0,
    disconnects: 0,
    ...overrides,
  };
}

function snapshot(overrides: Partial<HealthInputs> = {}): HealthInputs {
  return {
    now: 100_000,
    thresholds: defaultHealthThresholds,
    totals: { query: idle, mutation: idle, action: idle },
    connection: socket(),
    network: { offlineSince: null },
    breakers: [],
    subscriptions: [],
    isCritical: () => false,
    ...overrides,
  };
}

function judge(inputs: HealthInputs): Record<string, HealthCheck> {
  return Object.fromEntries(HEALTH_CHECKS.map((check) => [check.name, judgeCheck(check, inputs)]));
}

describe("the health checks", () => {
  it("are judged in the order the report and the docs list them", () => {
    expect(HEALTH_CHECKS.map((check) => check.name)).toEqual([
      "connection",
      "offline",
      "query_latency",
      "mutation_success",
      "error_rate",
      "breakers",
      "subscriptions",
    ]);
  });

  it("say which latency statistic tripped, so nobody has to parse the message", () => {
    const byAverage = judge(
      snapshot({ totals: { query: queries(50, 150, 200), mutation: idle, action: idle } }),
    );
    expect(byAverage.query_latency).toMatchObject({
      status: "degraded",
      value: 150,
      details: { statistic: "average" },
    });
    const byTail = judge(
      snapshot({ totals: { query: queries(50, 150, 2_000), mutation: idle, action: idle } }),
    );
    expect(byTail.query_latency).toMatchObject({
      status: "unhealthy",
      value: 2_000,
      threshold: 1_500,
      details: { statistic: "p95" },
    });
  });

  it("count a socket as degraded from the moment it drops", () => {
    const down = snapshot({
      connection: socket({ connected: false, downSince: 100_000, disconnects: 1 }),
    });
    expect(judge(down).connection).toMatchObject({ status: "degraded", value: 0, threshold: 0 });
    expect(judge(down).connection?.message).toMatch(/disconnected .*reconnecting/);
  });

  it("call a socket that never connected connecting, not reconnecting", () => {
    const first = snapshot({
      connection: socket({ connected: false, downSince: 99_000, everConnected: false }),
    });
    expect(judge(first).connection?.message).toBe(
      "WebSocket has not connected yet (1.0 s); the client is connecting.",
    );
  });

  it("judge a first connect still pending by how long calls have waited for it (connectWaitMs)", () => {
    const waiting = (ms: number) =>
      judge(
        snapshot({
          connection: socket({ connected: false, downSince: 100_000 - ms, everConnected: false }),
        }),
      ).connection;
    expect(waiting(500)).toMatchObject({ status: "healthy", threshold: 1_000 });
    expect(waiting(5_000)).toMatchObject({ status: "degraded", threshold: 1_000 });
    expect(waiting(15_000)).toMatchObject({ status: "unhealthy", threshold: 10_000 });
  });

  it("degrade at most once the socket is back, however long calls waited for it", () => {
    // A 34 s outage was unhealthy while it lasted; the client is connected and serving now.
    const back = judge(
      snapshot({
        connection: socket({ reconnects: 1, disconnects: 1, waits: { calls: 3, maxMs: 34_300 } }),
      }),
    ).connection;
    expect(back).toMatchObject({ status: "degraded", value: 34_300, threshold: 1_000 });
    expect(back?.message).toBe(
      "Slow connect: 3 calls waited up to 34.3 s for the WebSocket to connect, above 1.0 s; connected now, and not counted as query latency.",
    );
  });

  it("blank only the check whose source could not be read, and say so", () => {
    const checks = judge(snapshot({ breakers: null, totals: null }));
    for (const name of ["breakers", "query_latency", "mutation_success", "error_rate"]) {
      expect(checks[name]).toMatchObject({
        status: "no_data",
        message: "Could not be evaluated; see diagnostics.",
      });
    }
    expect(checks.connection?.status).toBe("healthy");
    expect(checks.offline?.status).toBe("healthy");
  });

  it("say no data, not healthy, for a source the lens does not have", () => {
    const checks = judge(
      snapshot({
        connection: undefined,
        network: undefined,
        breakers: undefined,
        subscriptions: undefined,
      }),
    );
    expect(checks.connection?.message).toBe("No instrumented client has a WebSocket open.");
    expect(checks.offline?.message).toBe("No online source.");
    expect(checks.breakers?.message).toBe("No breakers.");
    expect(checks.subscriptions?.message).toBe("No subscription source.");
    for (const check of Object.values(checks)) expect(check.status).toBe("no_data");
  });

  it("name at most three open breakers and count the rest", () => {
    const breakers = ["a:one", "a:two", "a:three", "a:four", "a:five"].map((scope) =>
      breakerSnapshot(scope),
    );
    expect(judge(snapshot({ breakers })).breakers?.message).toBe(
      "Breaker open: a:one (open), a:two (open), a:three (open) and 2 more.",
    );
  });

  it("judge mutation success from below and the error rate from above, with the same call counts", () => {
    const mutations: CallStats = {
      ...idle,
      calls: 100,
      successes: 92,
      failures: 8,
      failuresByCode: { NETWORK: 8 },
      errorRate: 0.08,
    };
    const checks = judge(snapshot({ totals: { query: idle, mutation: mutations, action: idle } }));
    expect(checks.mutation_success).toMatchObject({
      status: "degraded",
      threshold: 0.95,
      message: "Mutation success 92% (below 95%): 8% failed for system reasons.",
      details: { calls: 100, failed: 8 },
    });
    expect(checks.error_rate).toMatchObject({
      status: "unhealthy",
      threshold: 0.05,
      message: "8% of calls failed for system reasons (above 5%).",
      details: { calls: 100, failed: 8 },
    });
  });

  it("say apart the mutations that failed with the app's own error: they are answers, not failures of the backend", () => {
    const mutations: CallStats = {
      ...idle,
      calls: 20,
      successes: 19,
      failures: 1,
      failuresByCode: { APPLICATION: 1 },
      errorRate: 0.05,
    };
    const checks = judge(snapshot({ totals: { query: idle, mutation: mutations, action: idle } }));
    expect(checks.mutation_success).toMatchObject({
      status: "healthy",
      value: 1,
      message:
        "Mutation success 100%: 0% failed for system reasons; 1 failed with the app's own error.",
      details: { calls: 20, failed: 0, appFailed: 1 },
    });
    const few = judge(
      snapshot({
        totals: {
          query: idle,
          mutation: { ...mutations, calls: 3, successes: 2 },
          action: idle,
        },
      }),
    );
    expect(few.mutation_success?.message).toBe(
      "None of the 3 mutations in the window failed for system reasons (too few to judge a rate); 1 failed with the app's own error.",
    );
  });
});
