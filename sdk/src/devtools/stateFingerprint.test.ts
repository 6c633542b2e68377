import { describe, expect, it } from "vitest";
import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import type { DevtoolsHealthReport } from "./devtoolsHost.js";
import { breakersFingerprint, healthFingerprint } from "./stateFingerprint.js";

const report: DevtoolsHealthReport = {
  status: "degraded",
  at: 1,
  checks: [{ name: "connection", status: "degraded", value: 8_000, message: "down for 8 s" }],
};

const breaker: BreakerSnapshot = {
  scope: "tasks:move",
  state: "open",
  failures: 5,
  calls: 5,
  slowCalls: 0,
  windowMs: 30_000,
  openedAt: 1,
  nextProbeAt: 2,
  isolated: false,
  halfOpenInFlight: 0,
};

describe("the health fingerprint", () => {
  it("changes with the verdict, a check's verdict or its sentence, not with the time it was read", () => {
    const base = healthFingerprint(report);
    expect(healthFingerprint({ ...report, at: 2 })).toBe(base);
    expect(healthFingerprint({ ...report, status: "unhealthy" })).not.toBe(base);
    const check = report.checks[0] as DevtoolsHealthReport["checks"][number];
    expect(healthFingerprint({ ...report, checks: [{ ...check, status: "unhealthy" }] })).not.toBe(
      base,
    );
    expect(
      healthFingerprint({ ...report, checks: [{ ...check, message: "down for 9 s" }] }),
    ).not.toBe(base);
  });
});

describe("the breakers fingerprint", () => {
  it("changes with a state or the window's counts, and not otherwise", () => {
    const base = breakersFingerprint([breaker]);
    expect(breakersFingerprint([{ ...breaker }])).toBe(base);
    expect(breakersFingerprint([{ ...breaker, state: "half-open" }])).not.toBe(base);
    expect(breakersFingerprint([{ ...breaker, calls: 4, failures: 4 }])).not.toBe(base);
    expect(breakersFingerprint([])).not.toBe(base);
  });
});
