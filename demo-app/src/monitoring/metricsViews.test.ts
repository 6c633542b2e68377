import type { CallStats, FunctionMetrics, SlowCall } from "@convex-lens/sdk";
import { describe, expect, it } from "vitest";
import { errorsByCode } from "./errorsByCode.js";
import { SLOWEST_SHOWN, slowestCalls } from "./slowestCalls.js";

function stats(failuresByCode: CallStats["failuresByCode"]): CallStats {
  const failures = Object.values(failuresByCode).reduce((sum, n) => sum + (n ?? 0), 0);
  return {
    calls: 10,
    successes: 10 - failures,
    failures,
    failuresByCode,
    errorRate: failures / 10,
    latency: null,
  };
}

function fn(
  functionPath: string,
  failuresByCode: CallStats["failuresByCode"],
  slowest: number[] = [],
): FunctionMetrics {
  const slow: SlowCall[] = slowest.map((durationMs, i) => ({
    functionPath,
    kind: "query",
    durationMs,
    startedAt: i,
    traceId: "t",
    spanId: `${functionPath}-${i}`,
    code: null,
  }));
  return {
    functionPath,
    kind: "query",
    session: stats(failuresByCode),
    window: stats({}),
    slowest: slow,
    lastCallAt: 0,
  };
}

describe("the dashboard's error and latency tables", () => {
  it("groups failures by code across functions, the most frequent code and function first", () => {
    const rows = errorsByCode(
      [
        fn("tasks:create", { SERVER_ERROR: 2, VALIDATION: 1 }),
        fn("tasks:list", { SERVER_ERROR: 5 }),
        fn("comments:add", { RATE_LIMITED: 0 }),
      ],
      "session",
    );
    expect(rows).toEqual([
      {
        code: "SERVER_ERROR",
        count: 7,
        functions: [
          { functionPath: "tasks:list", count: 5 },
          { functionPath: "tasks:create", count: 2 },
        ],
      },
      { code: "VALIDATION", count: 1, functions: [{ functionPath: "tasks:create", count: 1 }] },
    ]);
    expect(errorsByCode([fn("a:b", { NETWORK: 3 })], "window")).toEqual([]);
  });

  it("lists the slowest calls of all functions together, capped", () => {
    const rows = slowestCalls([
      fn("a:x", {}, [5, 900, 30]),
      fn("b:y", {}, [400, 1_200, 7, 8, 9, 10, 11]),
    ]);
    expect(rows).toHaveLength(SLOWEST_SHOWN);
    expect(rows.slice(0, 3).map((row) => row.durationMs)).toEqual([1_200, 900, 400]);
    expect(slowestCalls([fn("a:x", {}, [1, 2, 3])], 2).map((row) => row.durationMs)).toEqual([
      3, 2,
    ]);
  });
});
