import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { openDemo, taskTitles, toastTexts } from "./support/demoPage.js";
import { type DemoSession, startDemoSession, storedTasks } from "./support/demoSession.js";
import { openPanelTab, panelRows, tabIdOf } from "./support/panelTab.js";

// Half of the backend's answers are errors. Reads recover through the SDK's retries, which the
// DevTools panel (opened as a tab over the demo's tab) shows as calls with several attempts. A
// write that fails every attempt ends in a calm toast (with Retry; or, should a run of failures
// have opened the write's breaker, "a short break"); the page never crashes.

let session: DemoSession;
let page: Page;
let panel: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  session = await startDemoSession();
  page = await session.browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await openDemo(page, session.appUrl);
  const tabId = await tabIdOf(session.browser.worker, page.url());
  panel = await openPanelTab(session.browser.context, session.browser.extensionId, tabId);
  await page.bringToFront();
});

afterAll(async () => {
  await session?.close();
});

/** Opens each task's details in turn (new subscriptions: the faults apply to their first result). */
async function openEveryTask(): Promise<void> {
  for (const title of await taskTitles(page)) {
    const row = page.locator(`li.task[data-task-title="${title}"]`);
    await row.locator("button.task-title").click();
    await row.getByRole("heading", { name: "Comments" }).waitFor();
    await row.locator("button.task-title").click();
  }
}

describe("the demo with 50% backend errors", () => {
  it("recovers its reads through retries, and the panel shows their attempts", async () => {
    await session.backend.setFaults({ errorRate: 0.5 });
    // Opening the six tasks subscribes twelve queries: a one-in-4,096 chance that none failed
    // once; the loop goes round again until the panel shows a retried read that succeeded.
    const rows = await eventually(
      async () => {
        await openEveryTask();
        const shown = await panelRows(panel);
        const recovered = shown.filter(
          (row) => row.kind === "query" && row.status === "ok" && Number(row.attempts) >= 2,
        );
        if (recovered.length === 0)
          throw new Error(`no retried read yet: ${JSON.stringify(shown)}`);
        return recovered;
      },
      { timeoutMs: 40_000, intervalMs: 0 },
    );
    expect(rows[0]?.functionPath).toMatch(/^(tasks:listSubtasks|comments:listByTask)$/);
    // The details that loaded show their data, not an error.
    const first = (await taskTitles(page))[0] as string;
    const row = page.locator(`li.task[data-task-title="${first}"]`);
    await row.locator("button.task-title").click();
    await eventually(async () => {
      const text = (await row.locator(".task-details").textContent()) ?? "";
      if (text.includes("could not be shown")) {
        await row.getByRole("button", { name: "Try again" }).click();
      }
      expect(text).toContain("Agree on the launch date");
    });
  });

  it("fails a write that keeps failing with a calm toast and Retry, not a crash", async () => {
    // Three attempts each, so one write in eight fails for good: tick every box again and again
    // until one does.
    const calm = /Something went wrong on our side|This feature is taking a short break/;
    const toast = await eventually(
      async () => {
        for (const box of await page.getByRole("checkbox", { name: /^Done: / }).all()) {
          await box.click();
        }
        const failure = (await toastTexts(page)).find((text) => calm.test(text));
        if (!failure) throw new Error("no failed write yet");
        return failure;
      },
      { timeoutMs: 40_000, intervalMs: 250 },
    );
    expect(toast).toMatch(/(SERVER_ERROR|CIRCUIT_OPEN) · tasks:setCompleted/);
    expect(toast).not.toMatch(/Request ID|Uncaught|Error:|at \w+ \(/);
    if (toast.includes("SERVER_ERROR")) {
      // Trying again may work, so the toast offers it.
      const failureToast = page.locator(".toast").filter({ hasText: "SERVER_ERROR" });
      expect(await failureToast.getByRole("button", { name: "Retry" }).count()).toBe(1);
    }
    // The board is still there, and nothing reached the page as an uncaught error.
    expect(await page.getByRole("list", { name: "Tasks" }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    // The panel shows the failed writes: each SERVER_ERROR after all three attempts.
    await eventually(async () => {
      const writes = (await panelRows(panel)).filter(
        (row) => row.functionPath === "tasks:setCompleted",
      );
      const failed = writes.filter(
        (row) => row.status === "SERVER_ERROR" || row.status === "CIRCUIT_OPEN",
      );
      expect(failed.length).toBeGreaterThan(0);
      for (const row of writes.filter((w) => w.status === "SERVER_ERROR"))
        expect(row.attempts).toBe("3");
    });
  });

  it("shows what the backend stored once the errors stop: failed ticks were rolled back", async () => {
    await session.backend.clearFaults();
    await eventually(async () => {
      const stored = new Map(
        (await storedTasks(session.backend)).map((t) => [t.title, t.completed]),
      );
      for (const title of await taskTitles(page)) {
        const box = page.getByRole("checkbox", { name: `Done: ${title}` });
        expect(await box.isChecked(), title).toBe(stored.get(title));
      }
    });
  });
});
