import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import { openDemo, taskTitles } from "./support/demoPage.js";
import { type DemoSession, startDemoSession, storedTaskTitles } from "./support/demoSession.js";

// The demo's happy path in a real browser: tasks made, ticked, moved and deleted in one page show
// up live in another, and the backend holds exactly what the pages show.

let session: DemoSession;
let first: Page;
let second: Page;

beforeAll(async () => {
  session = await startDemoSession();
  first = await session.browser.context.newPage();
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
    expect(await first.getByLabel("New task title").inputValue()).toBe("");

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
});
