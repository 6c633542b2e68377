import type { WireHealth } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { healthSummary } from "./healthSummary";

function health(status: string, checks: string[]): WireHealth {
  return {
    type: "health",
    status,
    at: 1,
    checks: checks.map((s, i) => ({
      name: `check${i}`,
      status: s,
      value: null,
      threshold: null,
      message: "",
    })),
  };
}

describe("healthSummary", () => {
  it("labels the tab with the pending verdict when a check is worse than the reported status", () => {
    const summary = healthSummary(health("healthy", ["healthy", "degraded", "no_data"]));
    expect(summary.label).toBe(" (healthy → degraded)");
    expect(summary.pending).toBe("degraded");
    expect(summary.pendingNote).toMatch(/checks point to degraded/);
  });

  it("labels the tab with the pending recovery when the checks are better than the status", () => {
    expect(healthSummary(health("unhealthy", ["healthy", "no_data"])).label).toBe(
      " (unhealthy → healthy)",
    );
  });

  it("says the status alone when the checks agree with it, no_data aside", () => {
    const summary = healthSummary(health("degraded", ["degraded", "healthy", "no_data"]));
    expect(summary.label).toBe(" (degraded)");
    expect(summary.pending).toBeNull();
    expect(summary.pendingNote).toBeNull();
  });
});
