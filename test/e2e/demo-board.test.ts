import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { openDemo, taskTitles } from "./support/demoPage.js";
import { saveScreenshot, stacked } from "./support/demoScreenshots.js";
import { type DemoSession, startDemoSession, storedTaskTitles } from "./support/demoSession.js";
import { openRealDevtoolsPanel } from "./support/realDevtools.js";

// The demo's happy path in a real browser: tasks made, ticked, moved and deleted in one page show
// up live in another, and the backend holds exactly what the pages show. Last, the README's
// screenshots: the board, the monitoring dashboard, and the app with the real DevTools panel.

let session: DemoSession;
let first: Page;
let second: Page;

beforeAll(async () => {
  session = await startDemoSession();
  first = await session.browser.context.newPage();
  // The screenshots' size, set now: Chromium shows a new size in a corner for a moment.
  // Tall enough for the whole dashboard; the board shots are clipped to a screen's height.
  await first.setViewportSize({ width: 1280, height: 1440 });
  await openDemo(first, session.appUrl);
  second = await session.browser.context.newPage();
  await openDemo(second, session.appUrl);
});

afterAll(async () => {
  await session?.close();
});

const checkbox = (page: Page, title: string) =>
  page.getByRole("checkbox", { name: `Done: ${title}` });

describe("the demo task board", () => {
  it("seeds a board on first run, once, however many pages open it", async () => {
    const titles = await taskTitles(first);
    expect(titles).toContain("Write the announcement post");
    expect(await taskTitles(second)).toEqual(titles);
    expect((await storedTaskTitles(session.backend)).sort()).toEqual([...titles].sort());
  });

  it("creates, completes, moves and deletes a task, and a second page sees each change live", async () => {
    const title = "Water the office plants";
    await first.getByLabel("New task title").fill(title);
    await first.getByRole("button", { name: "Add task" }).click();
    await eventually(async () => expect(await taskTitles(second)).toContain(title));
    // The box clears when the first page's create resolves, which the second page's
    // subscription can beat: the write is visible elsewhere a moment before its promise settles.
    await eventually(async () =>
      expect(await first.getByLabel("New task title").inputValue()).toBe(""),
    );

    await checkbox(first, title).check();
    await eventually(async () => expect(await checkbox(second, title).isChecked()).toBe(true));

    const before = await taskTitles(second);
    await first.getByRole("button", { name: `Move up: ${title}` }).click();
    await eventually(async () => {
      const after = await taskTitles(second);
      expect(after.indexOf(title)).toBe(before.indexOf(title) - 1);
    });

    await first.getByRole("button", { name: `Delete: ${title}` }).click();
    await eventually(async () => expect(await taskTitles(second)).not.toContain(title));
    await second.getByText(`Task "${title}" deleted`).waitFor();
    expect(await storedTaskTitles(session.backend)).not.toContain(title);
  });

  it("ticks a task at once, before the server has answered (optimistic update)", async () => {
    const title = "Plan the retro";
    // The backend holds the write for 3 s. Playwright's check() fails if a click leaves the box
    // unticked, which is what a controlled checkbox without an optimistic update would do.
    await session.backend.setFaults({ latencyMs: 3_000, functions: "tasks:setCompleted" });
    try {
      await checkbox(first, title).check();
      // The other page sees it only once the write has committed.
      expect(await checkbox(second, title).isChecked()).toBe(false);
      await eventually(async () => expect(await checkbox(second, title).isChecked()).toBe(true));
    } finally {
      await session.backend.clearFaults();
    }
  });

  it("saves screenshots of the board, the app with the DevTools panel, and the dashboard", async () => {
    await second.close();
    // A failed write and its toast, for the errors the dashboard and the panel group by code.
    await first.getByRole("button", { name: "Add task" }).click();
    await first.getByText("Some of the details don't look right.").waitFor();
    // The first task opened: its subtasks, the suggestion button and the comments.
    const row = first.locator("li.task").first();
    await row.locator("button.task-title").click();
    await row.getByText("Looks good to me. Ship it!").waitFor();
    await first.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(
      "demo-board.png",
      await first.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 760 } }),
    );

    const devtools = await openRealDevtoolsPanel(
      session.browser.context,
      session.browser.extensionId,
      first.url(),
    );
    await eventually(async () => {
      const rows = await devtools.panel.evaluate<number>(
        `document.querySelectorAll('[data-testid="call-list"] [role="option"]').length`,
      );
      expect(rows).toBeGreaterThan(10);
    });
    // Show the failed write's detail: its code, calm and developer messages. Its row may come in
    // a later batch than the first ten, so the click is retried until the row is there.
    await eventually(async () =>
      expect(
        await devtools.panel.evaluate<boolean>(`(() => {
          const rows = [...document.querySelectorAll('[data-testid="call-list"] [role="option"]')];
          const row = rows.find((r) => r.textContent.includes("tasks:create") && r.textContent.includes("VALIDATION"));
          row?.click();
          return row !== undefined;
        })()`),
      ).toBe(true),
    );
    await eventually(async () =>
      expect(await devtools.panel.evaluate<string>("document.body.textContent ?? ''")).toContain(
        "Some of the details don't look right.",
      ),
    );
    await first.evaluate(() => window.scrollTo(0, 0));
    const app = await first.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 600 } });
    const panel = await devtools.screenshot();
    await saveScreenshot(
      "demo-with-panel.png",
      await stacked(session.browser.context, [
        { png: app, caption: "The demo app" },
        { png: panel, caption: "Chrome DevTools → the Convex panel, inspecting it" },
      ]),
    );

    // The dashboard gets the whole width: fault controls folded, the toast dismissed.
    await first.getByRole("button", { name: "Fault controls" }).click();
    await first.getByRole("button", { name: "Dismiss notification" }).click();
    await first.getByRole("link", { name: "Monitoring" }).click();
    await first.getByTestId("function-table").waitFor();
    await first.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot("demo-monitoring.png", await first.screenshot());
  });

  it("shows a function pattern set from outside the form (the DevTools panel) in its fault controls", async () => {
    const page = await session.browser.context.newPage();
    await openDemo(page, session.appUrl);
    const field = page.getByLabel("Only functions matching");
    if (!(await field.isVisible()))
      await page.getByRole("button", { name: "Fault controls" }).click();
    expect(await field.inputValue()).toBe("");
    // What the panel's Faults view does: set the page lens's faults.
    await page.evaluate(() =>
      window.convexLensDemo?.lens.faults.set({ latencyMs: 100, functions: "tasks:*" }),
    );
    await eventually(async () => expect(await field.inputValue()).toBe("tasks:*"));
    await page.evaluate(() => window.convexLensDemo?.lens.faults.clear());
    await eventually(async () => expect(await field.inputValue()).toBe(""));
    await page.close();
  });

  it("keeps the Slowest calls table inside its card, at 1280 px and at 800 px", async () => {
    // A page of its own: an earlier test closes the second page.
    const monitoring = await session.browser.context.newPage();
    for (const width of [1280, 800]) {
      await monitoring.setViewportSize({ width, height: 900 });
      await monitoring.goto(`${session.appUrl}#/monitoring`);
      await monitoring.getByRole("heading", { name: "Slowest calls" }).waitFor();
      await eventually(async () =>
        expect(await monitoring.getByRole("heading", { name: "Slowest calls" }).isVisible()).toBe(
          true,
        ),
      );
      const overflow = await monitoring.evaluate(() => {
        const card = document.querySelector('section[aria-labelledby="slowest-heading"]');
        const table = card?.querySelector("table");
        if (!card || !table) return "no slowest-calls table";
        const cardBox = card.getBoundingClientRect();
        const tableBox = table.getBoundingClientRect();
        return {
          card: card.scrollWidth - card.clientWidth,
          table: Math.max(0, Math.round(tableBox.right - cardBox.right)),
        };
      });
      expect(overflow, `at ${width} px`).toEqual({ card: 0, table: 0 });
    }
    await monitoring.close();
  });
});
