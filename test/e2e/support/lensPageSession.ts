import type { Page } from "playwright-core";
import { type SpawnedLocalBackend, startTestBackend } from "../../support/localBackend.js";
import { type ExtensionBrowser, launchWithExtension } from "./chromium.js";
import { type LensTestSite, serveLensPage } from "./lensTestPage.js";
import { openPanelTab, tabIdOf } from "./panelTab.js";

/**
 * The lens test page on a local backend, loaded in Chromium with the extension: what the panel
 * suites start from. One place sets it up, so each suite reads as what it checks.
 */
export interface LensPageSession {
  readonly backend: SpawnedLocalBackend;
  readonly site: LensTestSite;
  readonly browser: ExtensionBrowser;
  /** The page, loaded, its lens ready (`window.lensPage`); its errors are printed. */
  readonly page: Page;
  readonly pageUrl: string;
  /** The page's tab, as the extension knows it (its content script connected). */
  readonly tabId: number;
  /** Opens the Convex panel for the page's tab, as a tab of its own. */
  openPanel(): Promise<Page>;
  /** Closes the browser, the site and the backend. */
  close(): Promise<void>;
}

/** Starts the backend, the site and the browser together, and loads the lens page. */
export async function openLensPageSession(): Promise<LensPageSession> {
  const [backend, site, browser] = await Promise.all([
    startTestBackend(),
    serveLensPage(),
    launchWithExtension(),
  ]);
  const close = async () => {
    await browser.close();
    await Promise.all([site.close(), backend.stop()]);
  };
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (error) => console.error("page error:", error));
    const pageUrl = site.url(backend.url);
    await page.goto(pageUrl);
    await page.waitForFunction(() => "lensPage" in window);
    const tabId = await tabIdOf(browser.currentWorker(), pageUrl);
    const openPanel = () => openPanelTab(browser.context, browser.extensionId, tabId);
    return { backend, site, browser, page, pageUrl, tabId, openPanel, close };
  } catch (error) {
    await close();
    throw error;
  }
}
