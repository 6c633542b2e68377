import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtensionBrowser } from "./support/chromium.js";
import { type LensPageSession, openLensPageSession } from "./support/lensPageSession.js";
import {
  callOnLensPage,
  openBreakerOnLensPage,
  setLensPageFaults,
} from "./support/lensTestPage.js";
import { waitForRows } from "./support/panelTab.js";
import { openRealDevtoolsPanel } from "./support/realDevtools.js";

// The panel in a narrow dock and in both themes (issue 15 §6), opened as a tab over a page that
// made ordinary, rejected, retried and breaker-refused calls. The tests run in order and share
// one browser; the first runs with default preferences, the later ones change and keep them.
// Screenshots go to a temp directory (SHOTS_DIR) for a person to look at; nothing is committed.

const SHOTS_DIR = join(tmpdir(), "convex-lens-panel-layout");
const HEIGHT = 640;

let session: LensPageSession;
let browser: ExtensionBrowser;
let page: Page;
let panel: Page;
let pageUrl: string;

/** Makes one call from the lens page's app; see callOnLensPage. */
const call = (
  kind: "query" | "mutation" | "action",
  path: string,
  args?: Record<string, unknown>,
) => callOnLensPage(page, kind, path, args);

/** Sets the lens page's client-side (SDK) faults; null clears them. */
const pageFaults = (config: Record<string, unknown> | null) => setLensPageFaults(page, config);

/** What is wrong with the calls view's layout as rendered now; empty when nothing is. */
function layoutProblems(panel: Page): Promise<string[]> {
  return panel.evaluate(() => {
    const problems: string[] = [];
    const overflows = (element: Element) => element.scrollWidth > element.clientWidth + 1;
    if (overflows(document.documentElement)) problems.push("the page scrolls sideways");
    for (const selector of [".filters", ".split", ".list", ".list-head", ".list-body", ".row"]) {
      for (const element of document.querySelectorAll(selector)) {
        if (overflows(element)) problems.push(`${selector} overflows`);
      }
    }
    for (const cell of document.querySelectorAll('.row [data-col="status"]')) {
      const code = cell.firstChild?.textContent ?? "";
      if (overflows(cell) && !(cell.getAttribute("title") ?? "").includes(code)) {
        problems.push(`status "${code}" is cut and its title does not carry it`);
      }
    }
    for (const cell of document.querySelectorAll('.row [data-col="start"]')) {
      if (overflows(cell)) problems.push(`start time "${cell.textContent}" is clipped`);
    }
    const list = document.querySelector(".list")?.getBoundingClientRect();
    const waterfall = document.querySelector('.list-head [data-col="waterfall"]');
    const box = waterfall?.getBoundingClientRect();
    if (!list || !box) problems.push("no waterfall column");
    else if (box.right > list.right + 1 || box.width < 60) {
      problems.push(`the waterfall is off screen or too thin (${box.left}–${box.right})`);
    }
    return problems;
  });
}

function detailWidth(): Promise<number> {
  return panel.getByTestId("call-detail").evaluate((el) => el.getBoundingClientRect().width);
}

async function selectLastRow(): Promise<void> {
  await panel.locator('[data-testid="call-list"] [role="option"]').last().click();
  await panel.getByTestId("call-detail").waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS_DIR, { recursive: true });
  session = await openLensPageSession();
  ({ browser, page, pageUrl } = session);

  expect(await call("query", "messages:list")).toMatchObject({ ok: true });
  expect(await call("mutation", "messages:send", { author: "ada", body: "hello" })).toMatchObject({
    ok: true,
  });
  expect((await call("mutation", "messages:send", { author: "ada", body: " " })).ok).toBe(false);
  // Overloaded until the breaker opens: retried calls, then CIRCUIT_OPEN refusals.
  const opened = await openBreakerOnLensPage(page);
  await pageFaults(null);
  expect(opened).toBe(true);

  panel = await session.openPanel();
  await waitForRows(panel, (rows) => rows.some((row) => row.status === "CIRCUIT_OPEN"));
});

afterAll(() => session?.close());

describe("the panel in a narrow dock and in both themes", () => {
  for (const theme of ["light", "dark"] as const) {
    for (const width of [1400, 800]) {
      it(`lays out at ${width} px in ${theme}: nothing overflows, no code is cut without its title, start times are whole, the waterfall is on screen`, async () => {
        await panel.emulateMedia({ colorScheme: theme });
        await panel.setViewportSize({ width, height: HEIGHT });
        await expect
          .poll(() => panel.evaluate(() => document.documentElement.dataset.theme))
          .toBe(theme);
        await panel.keyboard.press("Escape");
        await panel.waitForTimeout(100);
        expect(await layoutProblems(panel)).toEqual([]);
        await panel.screenshot({ path: join(SHOTS_DIR, `calls-${width}-${theme}.png`) });

        // The refused call: its detail opens beside the list, and the list still fits.
        await selectLastRow();
        await panel.waitForTimeout(100);
        expect(await layoutProblems(panel)).toEqual([]);
        await panel.screenshot({ path: join(SHOTS_DIR, `calls-${width}-${theme}-detail.png`) });
      });
    }
  }

  it("follows prefers-color-scheme live, without a reload", async () => {
    const background = () => panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await panel.emulateMedia({ colorScheme: "light" });
    await expect.poll(background).toBe("rgb(255, 255, 255)");
    await panel.evaluate(() => {
      (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
    });
    await panel.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background).toBe("rgb(32, 33, 36)");
    await panel.emulateMedia({ colorScheme: "light" });
    await expect.poll(background).toBe("rgb(255, 255, 255)");
    expect(
      await panel.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded),
    ).toBe(true);
  });

  it("resizes the split by dragging and with the arrow keys, and remembers it after a reload", async () => {
    await panel.setViewportSize({ width: 1400, height: HEIGHT });
    await selectLastRow();
    const before = await detailWidth();
    const listBefore = await panel.locator(".list").evaluate((el) => el.clientWidth);
    const handle = panel.getByRole("separator", { name: "Resize the call detail" });
    const box = await handle.boundingBox();
    if (!box) throw new Error("the split has no handle");
    await panel.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.mouse.down();
    await panel.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
    await panel.mouse.up();
    const dragged = await detailWidth();
    expect(dragged).toBeCloseTo(before + 200, -1);
    expect(await panel.locator(".list").evaluate((el) => el.clientWidth)).toBeCloseTo(
      listBefore - 200,
      -1,
    );

    await handle.focus();
    await panel.keyboard.press("ArrowRight");
    expect(await detailWidth()).toBeCloseTo(dragged - 16, 0);
    expect(Number(await handle.getAttribute("aria-valuenow"))).toBeCloseTo(dragged - 16, 0);

    await panel.reload();
    await waitForRows(panel, (rows) => rows.length > 0);
    await selectLastRow();
    expect(await detailWidth()).toBeCloseTo(dragged - 16, 0);
  });

  it("hides and resizes columns from the header, and remembers both after a reload", async () => {
    await panel.keyboard.press("Escape");
    const head = panel.locator(".list-head");
    await head.getByRole("button", { name: "Columns" }).or(head.locator("summary")).click();
    await panel.getByTestId("column-menu").getByLabel("Kind").uncheck();
    await expect.poll(() => panel.locator('.row [data-col="kind"]').count()).toBe(0);
    await panel.screenshot({ path: join(SHOTS_DIR, "column-menu.png") });

    const status = head.locator('[data-col="status"]');
    const statusBefore = (await status.boundingBox())?.width ?? 0;
    const grip = status.getByRole("separator");
    const box = await grip.boundingBox();
    if (!box) throw new Error("the status column has no resize handle");
    await panel.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.mouse.down();
    await panel.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 4 });
    await panel.mouse.up();
    const statusAfter = (await status.boundingBox())?.width ?? 0;
    expect(statusAfter).toBeCloseTo(statusBefore + 40, -1);

    await panel.reload();
    await waitForRows(panel, (rows) => rows.length > 0);
    expect(await panel.locator('.row [data-col="kind"]').count()).toBe(0);
    expect((await head.locator('[data-col="status"]').boundingBox())?.width).toBeCloseTo(
      statusAfter,
      0,
    );
    expect(await layoutProblems(panel)).toEqual([]);

    await head.locator("summary").click();
    await panel.getByRole("button", { name: "Reset columns" }).click();
    await expect.poll(() => panel.locator('.row [data-col="kind"]').count()).toBeGreaterThan(0);
  });

  it("inside the real DevTools, switches with DevTools' own theme setting, live", async () => {
    // The panel in a tab would be taken for DevTools' panel frame (same URL prefix): close it.
    await panel.close();
    const devtools = await openRealDevtoolsPanel(browser.context, browser.extensionId, pageUrl);
    expect(
      await devtools.panel.evaluate<string>("typeof chrome.devtools.panels.setThemeChangeHandler"),
    ).toBe("function");
    const panelTheme = () =>
      devtools.panel.evaluate<string>("document.documentElement.dataset.theme ?? ''");
    // DevTools internals (verified on Chromium 156): the "ui-theme" setting is what its
    // Appearance preference writes.
    const setDevtoolsTheme = (name: "dark" | "default") =>
      devtools.frontend.evaluate(
        `(async () => { (await import('./core/common/common.js')).Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(name)}); return true; })()`,
      );
    await devtools.panel.evaluate("(window.__notReloaded = true)");
    await setDevtoolsTheme("dark");
    await expect.poll(panelTheme, { timeout: 10_000 }).toBe("dark");
    await setDevtoolsTheme("default");
    await expect.poll(panelTheme, { timeout: 10_000 }).toBe("light");
    expect(await devtools.panel.evaluate<boolean>("window.__notReloaded === true")).toBe(true);
  });
});
