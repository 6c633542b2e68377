import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import type { ExtensionBrowser } from "./support/chromium.js";
import { type LensPageSession, openLensPageSession } from "./support/lensPageSession.js";
import { callOnLensPage, setLensPageFaults } from "./support/lensTestPage.js";
import { README_SCREENSHOT, TEST_RESULTS_DIR } from "./support/paths.js";
import { type OpenDevtools, openRealDevtoolsPanel } from "./support/realDevtools.js";

// The real thing: DevTools opened over CDP for the page, the Convex panel selected in it, and
// its content read from inside the panel's own frame.

let session: LensPageSession;
let browser: ExtensionBrowser;
let page: Page;
let pageUrl: string;
let devtools: OpenDevtools;

/** Makes one call from the lens page's app; see callOnLensPage. */
const call = (
  kind: "query" | "mutation" | "action",
  path: string,
  args?: Record<string, unknown>,
) => callOnLensPage(page, kind, path, args);

/**
 * The calls list as the panel inside DevTools renders it: "kind function status attempts", each
 * cell's own text without the badges beside it (retried ×2, fault, recovered).
 */
function panelRowsInDevtools(): Promise<string[]> {
  return devtools.panel.evaluate<
    string[]
  >(`[...document.querySelectorAll('[data-testid="call-list"] [role="option"]')].map((row) =>
    ["kind", "function", "status", "attempts"].map((c) => {
      const cell = row.querySelector('[data-col="' + c + '"]')?.cloneNode(true);
      for (const badge of cell?.querySelectorAll(".badge") ?? []) badge.remove();
      return cell?.textContent ?? "";
    }).join(" "))`);
}

/** Sets the lens page's client-side (SDK) faults; null clears them. */
const pageFaults = (config: Record<string, unknown> | null) => setLensPageFaults(page, config);

beforeAll(async () => {
  session = await openLensPageSession();
  ({ browser, page, pageUrl } = session);
});

afterAll(() => session?.close());

describe("the real DevTools panel", () => {
  it("is listed by DevTools as Convex and shows the page's calls, live", async () => {
    await call("query", "messages:list");
    await call("mutation", "messages:send", { author: "ada", body: "hello from the e2e test" });
    await pageFaults({ errorRate: 1, error: "overloaded", functions: "messages:count" });
    await call("query", "messages:count");
    await pageFaults(null);
    await call("query", "messages:byAuthor", { author: "ada" });
    await call("mutation", "messages:send", { author: "ada", body: " " });

    devtools = await openRealDevtoolsPanel(browser.context, browser.extensionId, pageUrl);
    expect(devtools.tabIds).toContain(`chrome-extension://${browser.extensionId}Convex`);
    const history = await eventually(async () => {
      const rows = await panelRowsInDevtools();
      if (rows.length < 5) throw new Error(`the panel shows ${JSON.stringify(rows)}`);
      return rows;
    });
    expect(history[0]).toBe("query messages:list ok 1");
    expect(history[1]).toBe("mutation messages:send ok 1");
    expect(history[2]).toMatch(/^query messages:count [A-Z_]+ 3$/);
    expect(history[3]).toBe("query messages:byAuthor ok 1");
    expect(history[4]).toMatch(/^mutation messages:send [A-Z_]+ 1$/);

    // A call made now, with DevTools open, arrives within a batch or two.
    await call("action", "bot:reply", { to: "grace" });
    const live = await eventually(async () => {
      const rows = await panelRowsInDevtools();
      if (rows.length < 6) throw new Error(`the panel shows ${JSON.stringify(rows)}`);
      return rows;
    });
    expect(live[5]).toBe("action bot:reply ok 1");
  });

  it("saves a screenshot of DevTools with the panel, as a test artifact", async () => {
    // Show the failed, retried call's detail: the picture people look for in the README.
    await devtools.panel.evaluate(`(() => {
      const rows = [...document.querySelectorAll('[data-testid="call-list"] [role="option"]')];
      rows.find((row) => row.textContent.includes("messages:count"))?.click();
      return true;
    })()`);
    await eventually(async () => {
      const shown = await devtools.panel.evaluate<boolean>(
        `!!document.querySelector('[data-testid="call-detail"]')`,
      );
      if (!shown) throw new Error("the detail is not shown");
    });
    const png = await devtools.screenshot();
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    writeFileSync(join(TEST_RESULTS_DIR, "devtools-panel.png"), png);
    // The README's copy is written once (or when asked), so a test run does not dirty the tree.
    if (!existsSync(README_SCREENSHOT) || process.env.CONVEX_LENS_UPDATE_SCREENSHOT === "1") {
      mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
      writeFileSync(README_SCREENSHOT, png);
    }
  });
});
