import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createLens,
  defaultHealthThresholds as d,
  type HealthCheckName,
  type HealthThresholds,
  health,
  metrics,
} from "@convex-lens/sdk";
import { describe, expect, it } from "vitest";
import { DOCS_DIR } from "./codeSamples.js";
import { codeIn, tablesOf } from "./markdownTables.js";

const page = readFileSync(join(DOCS_DIR, "health-and-alerts.md"), "utf8");

const ms = (n: number) => `${n.toLocaleString("en-US")} ms`;
const pct = (fraction: number) => `${Math.round(fraction * 100)} %`;

// What each check's row must say, built from the code's defaults: the bounds in its "degraded
// when" and "unhealthy when" cells, and the threshold options it names.
const ROWS: Record<
  HealthCheckName,
  { degraded: string[]; unhealthy: string[]; options: string[] }
> = {
  connection: {
    degraded: ["disconnected", ms(d.connectWaitMs.warn)],
    unhealthy: [`${d.disconnectedMs.critical / 1_000} s`, ms(d.connectWaitMs.critical)],
    options: ["thresholds.disconnectedMs", "thresholds.connectWaitMs"],
  },
  offline: { degraded: [], unhealthy: ["offline"], options: [] },
  query_latency: {
    degraded: [ms(d.queryLatencyAvgMs.warn), ms(d.queryLatencyP95Ms.warn)],
    unhealthy: [ms(d.queryLatencyAvgMs.critical), ms(d.queryLatencyP95Ms.critical)],
    options: ["thresholds.queryLatencyAvgMs", "thresholds.queryLatencyP95Ms"],
  },
  mutation_success: {
    degraded: [pct(d.mutationSuccess.warn)],
    unhealthy: [pct(d.mutationSuccess.critical)],
    options: ["thresholds.mutationSuccess"],
  },
  error_rate: {
    degraded: [pct(d.errorRate.warn)],
    unhealthy: [pct(d.errorRate.critical)],
    options: ["thresholds.errorRate"],
  },
  breakers: { degraded: ["breaker"], unhealthy: ["critical"], options: [] },
  subscriptions: { degraded: ["in error"], unhealthy: ["every", "critical"], options: [] },
};

describe("docs/health-and-alerts.md", () => {
  it("lists the checks in the order the lens reports them, with the code's default bounds", () => {
    const lens = createLens({ devtools: false, use: [metrics(), health()] });
    const order = lens.health().checks.map((check) => check.name);
    void lens.shutdown();
    const table = tablesOf(page).find((t) => t.header[0] === "check");
    expect(table?.header).toEqual([
      "check",
      "value",
      "degraded when",
      "unhealthy when",
      "threshold option",
    ]);
    const rows = table?.rows ?? [];
    expect(rows.map((row) => codeIn(row.cells[0] ?? ""))).toEqual(order);
    for (const row of rows) {
      const name = codeIn(row.cells[0] ?? "") as HealthCheckName;
      const where = `docs/health-and-alerts.md:${row.line} (${name})`;
      const expected = ROWS[name];
      for (const text of expected.degraded) expect(row.cells[2], where).toContain(text);
      for (const text of expected.unhealthy) expect(row.cells[3], where).toContain(text);
      const options = [...(row.cells[4] ?? "").matchAll(/`thresholds\.(\w+)`/g)].map(
        (m) => `thresholds.${m[1] as keyof HealthThresholds}`,
      );
      expect(options, where).toEqual(expected.options);
    }
  });

  it("gives the hysteresis and window defaults the code has", () => {
    expect(page).toContain(`\`degradeAfterMs\` (${d.degradeAfterMs / 1_000} s)`);
    expect(page).toContain(`\`recoverAfterMs\` (${d.recoverAfterMs / 1_000} s)`);
    expect(page).toContain(`(${d.minCalls} by default)`);
  });
});
