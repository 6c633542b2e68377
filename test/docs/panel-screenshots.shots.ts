import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDemo, taskTitles } from "../e2e/support/demoPage.js";
import { type DemoSession, startDemoSession } from "../e2e/support/demoSession.js";
import { openPanelTab, tabIdOf, waitForRows } from "../e2e/support/panelTab.js";
import { eventually } from "../support/eventually.js";

// Takes one picture per view of the Convex panel for docs/devtools.md. The demo app runs on the
// local backend and gets the traffic a short session would have: reads and writes, retries through
// injected backend errors, slow answers, the app's own refusals (rate limit, conflict, validation),
// a failing action, a breaker tripped by hand and client-side faults. The panel is opened as a tab
// over the demo's tab (as the e2e suite does), so each view can be shot on its own.
// Run by hand (see vitest.screenshots.config.ts); the PNGs are committed.

const IMAGES_DIR = join(import.meta.dirname, "../../docs/images");
const VIEWPORT = { width: 1280, height: 760 };

let session: DemoSession;
let page: Page;
let panel: Page;

type Kind = "query" | "mutation" | "action";

/** What one call made in the page ended with: "ok" and its value, or the error's code. */
interface PageOutcome {
  code: string;
  value?: unknown;
}

/** Calls a demo function through the page's instrumented client (`window.convexLensDemo.convex`). */
function callInPage(kind: Kind, path: string, args: Record<string, unknown>): Promise<PageOutcome> {
  return page.evaluate(
    async ({ kind, path, args }) => {
      type Send = (ref: object, args: Record<string, unknown>) => Promise<unknown>;
      const { convex } = (window as unknown as { convexLensDemo: { convex: Record<Kind, Send> } })
        .convexLensDemo;
      // A FunctionReference is an object that carries its path under this symbol
      // (convex/src/server/functionName.ts).
      const ref = { [Symbol.for("functionName")]: path };
      try {
        return { code: "ok", value: await convex[kind].call(convex, ref, args) };
      } catch (error) {
        return { code: String((error as { code?: unknown }).code ?? "NONE") };
      }
    },
    { kind, path, args },
  );
}

/** The code a call made in the page ended with ("ok" on success). */
async function codeOf(kind: Kind, path: string, args: Record<string, unknown>): Promise<string> {
  return (await callInPage(kind, path, args)).code;
}

/** Runs code against the page's lens (`window.convexLensDemo.lens`). */
function withLens(script: string): Promise<unknown> {
  return page.evaluate(`(() => { const lens = window.convexLensDemo.lens; ${script} })()`);
}

/** Opens and closes each task's details: each opening subscribes its subtasks and comments. */
async function openEveryTask(): Promise<void> {
  for (const title of await taskTitles(page)) {
    const row = page.locator(`li.task[data-task-title="${title}"]`);
    await row.locator("button.task-title").click();
    await row.getByRole("heading", { name: "Comments" }).waitFor();
    await row.locator("button.task-title").click();
  }
}

/** Ticks every task's box (a write each, with an optimistic update). */
async function tickEveryTask(): Promise<void> {
  for (const box of await page.getByRole("checkbox", { name: /^Done: / }).all()) await box.click();
}

async function showTab(name: string): Promise<void> {
  await panel.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
  await panel.waitForTimeout(400);
}

async function shoot(name: string): Promise<void> {
  const png = await panel.screenshot();
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  await mkdir(IMAGES_DIR, { recursive: true });
  await writeFile(join(IMAGES_DIR, `panel-${name}.png`), png);
}

beforeAll(async () => {
  session = await startDemoSession();
  page = await session.browser.context.newPage();
  await page.setViewportSize(VIEWPORT);
  await openDemo(page, session.appUrl);
  const tabId = await tabIdOf(session.browser.worker, page.url());
  panel = await openPanelTab(session.browser.context, session.browser.extensionId, tabId);
  await panel.setViewportSize(VIEWPORT);
  await page.bringToFront();
});

afterAll(async () => {
  await session?.close();
});

it("writes one picture per view of the panel into docs/images/", async () => {
  // A calm start, then half of the backend's answers fail: reads recover through retries, some
  // writes fail for good.
  await openEveryTask();
  await session.backend.setFaults({ errorRate: 0.5 });
  for (let round = 0; round < 3; round++) {
    await openEveryTask();
    await tickEveryTask();
  }
  // Slow answers, for the latency chart and the latency check.
  await session.backend.setFaults({ latencyMs: 250, jitterMs: 300 });
  await openEveryTask();
  await session.backend.clearFaults();

  // The app's own refusals, each a ConvexError with a code.
  const boards = (await callInPage("query", "boards:list", {})).value as { _id: string }[];
  const boardId = boards[0]?._id as string;
  const tasks = (await callInPage("query", "tasks:listByBoard", { boardId })).value as {
    _id: string;
  }[];
  const taskId = tasks[0]?._id as string;
  const outcomes: string[] = [];
  for (let i = 0; i < 7; i++) {
    outcomes.push(await codeOf("mutation", "comments:add", { taskId, body: `Note ${i + 1}` }));
  }
  expect(outcomes).toContain("RATE_LIMITED");
  expect(
    await codeOf("mutation", "tasks:update", { taskId, title: "Renamed", expectedVersion: -1 }),
  ).toBe("CONFLICT");
  expect(await codeOf("mutation", "tasks:create", { boardId, title: "   " })).toBe("VALIDATION");
  // The flaky suggestion service always failing: the action is declared idempotent, so retried.
  // (Its "Suggestion service unavailable" reads as OVERLOADED on the local backend, which does not
  // redact messages; a production deployment's redacted "Server Error" reads as SERVER_ERROR.)
  expect(
    await codeOf("action", "tasks:suggestSubtasks", { taskId, failureRate: 1, delayMs: 50 }),
  ).not.toBe("ok");
  // A breaker tripped by hand, and the call it refuses.
  await withLens(`lens.breaker("tasks:suggestSubtasks").isolate();`);
  expect(await codeOf("action", "tasks:suggestSubtasks", { taskId })).toBe("CIRCUIT_OPEN");

  // Calls: the list with a retried call's detail open.
  await panel.bringToFront();
  const rows = await waitForRows(panel, (shown) => shown.length > 20);
  const retried = rows.findIndex((row) => Number(row.attempts) >= 2 && row.status !== "ok");
  const pick = retried >= 0 ? retried : rows.findIndex((row) => Number(row.attempts) >= 2);
  expect(pick).toBeGreaterThanOrEqual(0);
  await panel.locator('[data-testid="call-list"] [role="option"]').nth(pick).click();
  await panel.locator('[data-testid="call-detail"]').waitFor();
  await shoot("calls");

  await showTab("Timeline");
  await shoot("timeline");
  await showTab("Errors");
  await shoot("errors");
  await eventually(async () => {
    const label = (await panel.getByRole("tab", { name: /^Health/ }).textContent()) ?? "";
    if (!/\((healthy|degraded|unhealthy)\)/.test(label)) throw new Error(`health tab: ${label}`);
  });
  await showTab("Health");
  await shoot("health");
  await showTab("Breakers");
  await shoot("breakers");

  // Client-side faults, as the Faults view shows them while they are on.
  await withLens(
    `lens.faults.set({ latencyMs: 300, jitterMs: 200, errorRate: 0.2, error: "network", functions: "comments:*" });`,
  );
  await eventually(async () => {
    const label = (await panel.getByRole("tab", { name: /^Faults/ }).textContent()) ?? "";
    if (!label.includes("(on)")) throw new Error(`faults tab: ${label}`);
  });
  await showTab("Faults");
  await shoot("faults");
});
