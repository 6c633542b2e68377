import {
  createLens,
  type HealthReport,
  type HealthStatus,
  type HealthThresholdsInput,
  health,
  type Lens,
  metrics,
} from "@convex-lens/sdk";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Health driven by real calls against the local backend and its injected latency and errors,
// with short windows and hysteresis so the whole story fits in seconds.
let backend: SpawnedLocalBackend;
let lens: Lens | undefined;

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

function setup(
  degradeAfterMs: number,
  recoverAfterMs: number,
  latency: HealthThresholdsInput = {},
) {
  const full = createLens({
    retry: false,
    breaker: false,
    use: [
      metrics({ windowMs: 1_500 }),
      health({ thresholds: { minCalls: 3, degradeAfterMs, recoverAfterMs, ...latency } }),
    ],
  });
  lens = full;
  const client = full.instrument(
    new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
  );
  const transitions: HealthStatus[] = [];
  full.onHealthChange((now: HealthReport) => transitions.push(now.status));
  return { lens: full, client, transitions };
}

const check = (report: HealthReport, name: string) => report.checks.find((c) => c.name === name);
const calls = async (n: number, call: () => Promise<unknown>) => {
  for (let i = 0; i < n; i++) await call().catch(() => {});
};

describe("health against the local backend", () => {
  it('reports "no data" only before any call, and judges the first good call healthy', async () => {
    // What is judged here is "no data" turning into a verdict; a first (cold) call on a loaded
    // 2-core machine can take over the default 100 ms average, so latency gets room.
    const { lens, client } = setup(100, 100, {
      queryLatencyAvgMs: { warn: 5_000, critical: 10_000 },
    });
    expect(check(lens.health(), "error_rate")?.status).toBe("no_data");
    await client.query(chat.count, {});
    const report = lens.health();
    expect(report.status).toBe("healthy");
    expect(check(report, "query_latency")?.status).toBe("healthy");
    expect(check(report, "error_rate")?.status).toBe("healthy");
    expect(report.live).toBe(true);
  });

  it("goes healthy → degraded → unhealthy → healthy as latency and errors come and go", async () => {
    const { lens, client, transitions } = setup(150, 300);
    await backend.setFaults({ latencyMs: 160, functions: "messages:count" });
    await calls(4, () => client.query(chat.count, {}));
    // 160 ms on every call: the average trips (above 100 ms), the p95 does not (below 300 ms).
    expect(check(lens.health(), "query_latency")).toMatchObject({
      status: "degraded",
      details: { statistic: "average" },
    });
    await eventually(() => expect(lens.health().status).toBe("degraded"));

    await backend.setFaults({ latencyMs: 0, errorRate: 1, functions: "messages:count" });
    await calls(6, () => client.query(chat.count, {}));
    expect(check(lens.health(), "error_rate")?.status).toBe("unhealthy");
    await eventually(() => expect(lens.health().status).toBe("unhealthy"));
    expect(lens.health().ready).toBe(false);

    await backend.clearFaults();
    // Once the bad calls age out of the window, only good ones remain.
    await eventually(
      async () => {
        await calls(3, () => client.query(chat.count, {}));
        expect(lens.health().status).toBe("healthy");
      },
      { timeoutMs: 8_000, intervalMs: 100 },
    );
    expect(transitions).toEqual(["degraded", "unhealthy", "healthy"]);
  });

  it("holds the reported status until a change has lasted the hysteresis time", async () => {
    const { lens, client } = setup(1_000, 1_000);
    await backend.setFaults({ errorRate: 1, functions: "messages:count" });
    await calls(5, () => client.query(chat.count, {}));
    const early = lens.health();
    expect(check(early, "error_rate")?.status).toBe("unhealthy");
    expect(early.status).toBe("healthy");
    expect(early.pending?.status).toBe("unhealthy");
    await eventually(() => expect(lens.health().status).toBe("unhealthy"), { timeoutMs: 3_000 });
  });
});
