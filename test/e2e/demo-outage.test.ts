import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { openDemo, taskTitles, toastTexts } from "./support/demoPage.js";
import { type DemoSession, startDemoSession, storedTaskTitles } from "./support/demoSession.js";

// The backend goes down (it refuses connections), then comes back. While it is down the demo says
// so and its health degrades, but writes are not failed: the Convex client holds them and re-sends
// them on reconnect, so the SDK pauses their timeouts while the socket is down and an open breaker
// never refuses a write (never worse than the raw client). When the backend is back, everything
// recovers by itself, and every write lands exactly once. The tests run in order.

let session: DemoSession;
let page: Page;
const pageErrors: string[] = [];
const OUTAGE_TASKS = [
  "Outage task 1",
  "Outage task 2",
  "Outage task 3",
  "Outage task 4",
  "Outage task 5",
];

beforeAll(async () => {
  session = await startDemoSession();
  page = await session.browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await openDemo(page, session.appUrl);
});

afterAll(async () => {
  await session?.backend.clearFaults().catch(() => {});
  await session?.close();
});

const healthStatus = () => page.locator(".health-badge").getAttribute("data-status");

/** The page lens's breaker for one function, read through the demo's `window.convexLensDemo`. */
const breakerState = (scope: string) =>
  page.evaluate(
    (scope) => window.convexLensDemo?.lens.breakers().find((b) => b.scope === scope)?.state ?? null,
    scope,
  );

async function addTask(title: string): Promise<void> {
  await page.getByLabel("New task title").fill(title);
  await page.getByRole("button", { name: "Add task" }).click();
}

describe("the demo through a backend outage", () => {
  it("says it is reconnecting and degrades its health when the backend goes down", async () => {
    expect(await healthStatus()).toBe("healthy");
    await session.backend.setFaults({ refuseConnections: true });
    await page.getByText("Reconnecting to the server…").waitFor({ timeout: 10_000 });
    await eventually(async () => expect(await healthStatus()).toMatch(/^(degraded|unhealthy)$/), {
      timeoutMs: 10_000,
    });
  });

  it("holds writes while it is down: no failure, no refusal, nothing stored yet", async () => {
    const before = await storedTaskTitles(session.backend);
    for (const title of OUTAGE_TASKS) await addTask(title);
    // Longer than the demo's 6 s mutation timeout: it is paused while the socket is down.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const texts = (await toastTexts(page)).join("\n");
    expect(texts).not.toContain("We couldn't confirm whether that went through.");
    expect(texts).not.toContain("This feature is taking a short break.");
    expect(await healthStatus()).toMatch(/^(degraded|unhealthy)$/);
    expect(await storedTaskTitles(session.backend)).toEqual(before);
    expect(pageErrors).toEqual([]);
  });

  it("recovers by itself when the backend is back, with every write landed exactly once", async () => {
    await session.backend.clearFaults();
    // The Convex client reconnects on its own backoff (at most 16 s, jittered), then re-sends the
    // writes it still holds; the server applies each once.
    await page
      .getByText("Reconnecting to the server…")
      .waitFor({ state: "detached", timeout: 30_000 });
    await eventually(
      async () => {
        const stored = await storedTaskTitles(session.backend);
        for (const title of OUTAGE_TASKS) {
          expect(
            stored.filter((t) => t === title),
            title,
          ).toHaveLength(1);
        }
      },
      { timeoutMs: 15_000 },
    );
    await eventually(async () => {
      const shown = await taskTitles(page);
      for (const title of OUTAGE_TASKS) expect(shown.filter((t) => t === title)).toHaveLength(1);
    });
    await addTask("After the outage");
    await eventually(async () => expect(await breakerState("tasks:create")).not.toBe("open"));
    await eventually(async () =>
      expect(
        (await storedTaskTitles(session.backend)).filter((t) => t === "After the outage"),
      ).toHaveLength(1),
    );
    // Health comes back once the failures leave its 20 s window and recovery has held for 4 s.
    await eventually(async () => expect(await healthStatus()).toBe("healthy"), {
      timeoutMs: 40_000,
      intervalMs: 250,
    });
    expect(pageErrors).toEqual([]);
  });
});
