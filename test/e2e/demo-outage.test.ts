import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { openDemo, taskTitles, toastTexts } from "./support/demoPage.js";
import { type DemoSession, startDemoSession, storedTaskTitles } from "./support/demoSession.js";

// The backend goes down (it refuses connections), then comes back. While it is down the demo says
// so, its health degrades, and writes fail calmly until the breaker stops sending them. When it is
// back, everything recovers by itself, and every write lands exactly once. The tests run in order.

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
const REFUSED_TASK = "Refused while the breaker is open";

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

  it("fails writes calmly while it is down, then opens the breaker and fails fast", async () => {
    const before = await storedTaskTitles(session.backend);
    for (const title of OUTAGE_TASKS) await addTask(title);
    // Each write waits for its 6 s timeout: "couldn't confirm", since it may still land later.
    await eventually(
      async () => {
        const texts = await toastTexts(page);
        expect(texts.join("\n")).toContain("We couldn't confirm whether that went through.");
      },
      { timeoutMs: 15_000 },
    );
    await eventually(async () => expect(await breakerState("tasks:create")).toBe("open"));
    await addTask(REFUSED_TASK);
    await eventually(async () =>
      expect((await toastTexts(page)).join("\n")).toContain(
        "This feature is taking a short break.",
      ),
    );
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
        expect(stored).not.toContain(REFUSED_TASK);
      },
      { timeoutMs: 15_000 },
    );
    await eventually(async () => {
      const shown = await taskTitles(page);
      for (const title of OUTAGE_TASKS) expect(shown.filter((t) => t === title)).toHaveLength(1);
    });
    // The breaker half-opens after 5 s; the next write is its probe, and closes it.
    await eventually(async () => expect(await breakerState("tasks:create")).toBe("half-open"), {
      timeoutMs: 10_000,
    });
    await addTask("After the outage");
    await eventually(async () => expect(await breakerState("tasks:create")).toBe("closed"));
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
