import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import buildExtension from "../../e2e/support/buildExtension.js";
import { type ExtensionBrowser, launchWithExtension } from "../../e2e/support/chromium.js";
import { openPanelTab, tabIdOf } from "../../e2e/support/panelTab.js";
import { EXTENSION_DIR } from "../../e2e/support/paths.js";
import { type BundledPage, serveBundledPage } from "../../support/bundledPage.js";

/** Chromium with the extension, one page served from a bundled entry, and its tab id. */
export interface ExtensionSession {
  readonly browser: ExtensionBrowser;
  readonly page: Page;
  readonly pageUrl: string;
  /** The page's Chrome tab id, for panel.html?tabId=. */
  readonly tabId: number;
  /** Opens the Convex panel for the page, as a tab. */
  openPanel(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Builds the extension when stale (as the e2e suite's global setup does; benchmarks run outside
 * Vitest), serves `entry`, launches Chromium with the extension, and opens the page once its
 * `window[handle]` exists and its content script has connected. `close()` undoes all of it.
 */
export async function startExtensionSession(
  entry: string,
  title: string,
  handle: string,
): Promise<ExtensionSession> {
  // e2e/support/paths.ts finds the repository from import.meta.dirname. A bench is bundled into
  // test/bench/.build/, as deep as e2e/support/, so the same relative path still holds; say so
  // plainly if that ever changes.
  if (!existsSync(join(EXTENSION_DIR, "package.json"))) {
    throw new Error(
      `The extension package is not at ${EXTENSION_DIR}: e2e/support/paths.ts resolved the repository from where this code was bundled to.`,
    );
  }
  buildExtension();
  let site: BundledPage | undefined;
  let browser: ExtensionBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    await site?.close().catch(() => {});
  };
  try {
    [site, browser] = await Promise.all([serveBundledPage(entry, title), launchWithExtension()]);
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(site.url);
    await page
      .waitForFunction((name) => name in window, handle, { timeout: 15_000 })
      .catch((error: unknown) => {
        throw new Error(`The page did not start: ${problems.join("; ") || "no error shown"}`, {
          cause: error,
        });
      });
    const started = browser;
    const tabId = await tabIdOf(started.currentWorker(), site.url);
    return {
      browser: started,
      page,
      pageUrl: site.url,
      tabId,
      openPanel: () => openPanelTab(started.context, started.extensionId, tabId),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
