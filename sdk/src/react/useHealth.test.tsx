// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, startTransition } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Lens } from "../lens.js";
import { everything } from "../modules/everything.js";
import type { HealthReport } from "../telemetry/health.js";
import {
  FunctionCalls,
  lensHarness,
  listMessages,
  type RenderCounter,
  renderCounter,
  suggest,
} from "./test-support/lensHarness.js";
import { healthKey, useHealth } from "./useHealth.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  await lens?.shutdown();
  lens = undefined;
});

// No hysteresis and one call per verdict, so each call can move the status; error rate above
// 20 % is degraded and above 50 % unhealthy.
const quickHealth = {
  thresholds: {
    minCalls: 1,
    degradeAfterMs: 0,
    recoverAfterMs: 0,
    errorRate: { warn: 0.2, critical: 0.5 },
  },
};

function Status({ renders }: { renders: RenderCounter }) {
  renders.hit("health");
  const health = useHealth();
  const errorRate = health.checks.find((c) => c.name === "error_rate");
  return (
    <p>
      status {health.status}, error rate {errorRate?.status ?? "unknown"}
    </p>
  );
}

/** Whether a HealthReader is inside its render now: no health listener may ever see it true. */
const readerRendering = { now: false };

function HealthReader() {
  readerRendering.now = true;
  const health = useHealth();
  readerRendering.now = false;
  return <p>status {health.status}</p>;
}

function setup() {
  const h = lensHarness({}, everything({ health: quickHealth }));
  lens = h.lens;
  const renders = renderCounter();
  render(
    <h.wrapper>
      <Status renders={renders} />
      <FunctionCalls path="ai:suggest" />
    </h.wrapper>,
  );
  const query = () => h.client.query(listMessages, {}).catch(() => {});
  return { ...h, renders, query };
}

describe("useHealth", () => {
  it("follows healthy → unhealthy → degraded → healthy as calls fail and recover", async () => {
    const { fail, query } = setup();
    expect(screen.getByText(/^status healthy/)).toBeTruthy();
    fail("messages:list");
    await act(query); // 1 of 1 failed
    await waitFor(() =>
      expect(screen.getByText("status unhealthy, error rate unhealthy")).toBeTruthy(),
    );
    fail("messages:list", false);
    await act(async () => {
      await query();
      await query(); // 1 of 3 failed
    });
    await waitFor(() =>
      expect(screen.getByText("status degraded, error rate degraded")).toBeTruthy(),
    );
    await act(async () => {
      for (let i = 0; i < 3; i++) await query(); // 1 of 6 failed
    });
    await waitFor(() =>
      expect(screen.getByText("status healthy, error rate healthy")).toBeTruthy(),
    );
  });

  it("does not re-render when a call leaves every check's verdict, value and message as they were", async () => {
    const { client, query, renders } = setup();
    await act(async () => {
      for (let i = 0; i < 3; i++) await query();
    });
    await waitFor(() =>
      expect(screen.getByText("status healthy, error rate healthy")).toBeTruthy(),
    );
    const before = renders.of("health");
    // A successful action keeps the error rate at 0 % and touches no other check.
    await act(async () => {
      await client.action(suggest, {});
    });
    // The witness: the metrics did move, and reached the page.
    await waitFor(() => expect(screen.getByText("ai:suggest: 1 calls, 0 failed")).toBeTruthy());
    expect(renders.of("health")).toBe(before);
  });

  it("fires no onHealthChange listener while React renders, under StrictMode and in a transition", async () => {
    const h = lensHarness({}, everything({ health: quickHealth }));
    lens = h.lens;
    const firedDuring: boolean[] = [];
    h.lens.onHealthChange(() => firedDuring.push(readerRendering.now));
    // The calls fail and nothing re-evaluates health before the render reads it.
    h.fail("messages:list");
    for (let i = 0; i < 3; i++) await h.client.query(listMessages, {}).catch(() => {});
    await act(async () => {
      startTransition(() => {
        render(
          <StrictMode>
            <h.wrapper>
              <HealthReader />
              <HealthReader />
            </h.wrapper>
          </StrictMode>,
        );
      });
    });
    await waitFor(() => expect(screen.getAllByText("status unhealthy")).toHaveLength(2));
    expect(firedDuring).toContain(false);
    expect(firedDuring).not.toContain(true);
  });

  it("re-renders when the browser goes offline, a source that is not a metric", async () => {
    const { lens } = setup();
    await act(async () => lens.faults.set({ offline: true }));
    await waitFor(() => expect(screen.getByText(/^status unhealthy/)).toBeTruthy());
  });
});

describe("healthKey", () => {
  const report: HealthReport = {
    status: "healthy",
    checks: [
      {
        name: "error_rate",
        status: "healthy",
        value: 0,
        threshold: 0.01,
        message: "0 % of calls failed for system reasons.",
        details: { calls: 5, failed: 0 },
      },
    ],
    at: 1,
    since: 0,
    pending: null,
    live: true,
    ready: true,
  };

  it("ignores the time of reading and the checks' call counts", () => {
    const later = {
      ...report,
      at: 2,
      checks: [{ ...(report.checks[0] as HealthReport["checks"][0]), details: { calls: 6 } }],
    };
    expect(healthKey(later)).toBe(healthKey(report));
  });

  it("tells apart a change of status, pending verdict, readiness or a check's value", () => {
    const check = report.checks[0] as HealthReport["checks"][0];
    const variants: HealthReport[] = [
      { ...report, status: "degraded" },
      { ...report, pending: { status: "degraded", since: 1 } },
      { ...report, ready: false },
      { ...report, checks: [{ ...check, value: 0.02 }] },
    ];
    for (const variant of variants) expect(healthKey(variant)).not.toBe(healthKey(report));
  });
});
