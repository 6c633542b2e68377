import type { BrowserContext, Page, Worker } from "playwright-core";
import { eventually } from "../../support/eventually.js";

/** One row of the calls list, as the panel shows it. */
export interface PanelRow {
  kind: string;
  functionPath: string;
  status: string;
  attempts: string;
}

interface TabSummary {
  tabId: number;
  url: string | null;
  panels: number;
  items: number;
  contentConnected: boolean;
}

/** The background worker's view of every tab (its test hook, `__convexLens.describe()`). */
export function describeTabs(worker: Worker): Promise<TabSummary[]> {
  return worker.evaluate(() =>
    (
      globalThis as unknown as { __convexLens: { describe(): TabSummary[] } }
    ).__convexLens.describe(),
  );
}

/** The Chrome tab id of the page at `url`, once its content script has connected. */
export function tabIdOf(worker: Worker, url: string): Promise<number> {
  return eventually(async () => {
    const tab = (await describeTabs(worker)).find((t) => t.url === url && t.contentConnected);
    if (!tab) throw new Error(`no connected tab for ${url}`);
    return tab.tabId;
  });
}

/** Opens the panel as a normal tab, inspecting `tabId` (panel.html?tabId=…). */
export async function openPanelTab(
  context: BrowserContext,
  extensionId: string,
  tabId: number,
): Promise<Page> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/panel.html?tabId=${tabId}`);
  await panel.getByRole("tab", { name: /Calls/ }).waitFor();
  return panel;
}

/** Every row of the calls list that is rendered (all of them, for the few calls a test makes). */
export function panelRows(panel: Page): Promise<PanelRow[]> {
  return panel.locator('[data-testid="call-list"] [role="option"]').evaluateAll((rows) =>
    rows.map((row) => {
      // A cell's own text, without the badges beside it (retried ×2, fault, recovered).
      const col = (name: string) => {
        const cell = row.querySelector(`[data-col="${name}"]`)?.cloneNode(true) as Element | null;
        for (const badge of cell?.querySelectorAll(".badge") ?? []) badge.remove();
        return cell?.textContent ?? "";
      };
      return {
        kind: col("kind"),
        functionPath: col("function"),
        status: col("status"),
        attempts: col("attempts"),
      };
    }),
  );
}

/** Waits until the calls list shows rows that satisfy `check`, and returns them. */
export function waitForRows(
  panel: Page,
  check: (rows: PanelRow[]) => boolean,
  timeoutMs = 15_000,
): Promise<PanelRow[]> {
  return eventually(
    async () => {
      const rows = await panelRows(panel);
      if (!check(rows)) throw new Error(`the panel shows ${JSON.stringify(rows)}`);
      return rows;
    },
    { timeoutMs, intervalMs: 50 },
  );
}
