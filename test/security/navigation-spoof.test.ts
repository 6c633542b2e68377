import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionSession, startExtensionSession } from "../bench/support/extensionSession.js";
import { panelRows, waitForRows } from "../e2e/support/panelTab.js";
import { eventually } from "../support/eventually.js";

// Issue 17, finding 10: with "preserve log", the tab navigates from the app to a page on another
// origin. The new page must not learn the app's session id and seq from the extension's hello,
// and must not add calls (a fake `payments:transfer`) under the app's session even when it knows
// the id; what it sends under a session of its own shows labelled with its real origin.

const APP_ENTRY = join(import.meta.dirname, "support/hostilePage.ts");

// The other origin's page: it records every hello it hears, and forges page messages as any
// script can (`forge(session, seq, path)` posts one call item).
const EVIL_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Elsewhere</title></head>
<body><h1>Elsewhere</h1><script>
window.hellos = [];
addEventListener("message", (event) => {
  const data = event.data;
  if (data && data.source === "convex-lens-devtools" && data.type === "hello") {
    hellos.push({ session: data.session ?? null, since: data.since ?? null });
  }
});
window.forge = (session, seq, path) => postMessage({
  source: "convex-lens", v: 1, session,
  batch: [{ type: "call", seq, name: "mutation " + path, functionPath: path, kind: "mutation",
    transport: "websocket", serverAddress: "x", startedAt: Date.now(), durationMs: 1, attempts: 1,
    attemptDetails: [], events: [], error: null, traceId: "", spanId: "", faultInjected: false,
    subscription: false }],
}, location.origin);
</script></body></html>`;

/** What the background holds for the tab (its test hook, `__convexLens.describe()`). */
interface BackgroundTab {
  tabId: number;
  sessions: string[];
  origins: string[];
  lastSession: string | null;
  lastSeq: number;
  refused: number;
}

let session: ExtensionSession;
let panel: Page;
let evil: Server;
let evilUrl: string;

async function backgroundTab(): Promise<BackgroundTab> {
  const tabs = await session.browser
    .currentWorker()
    .evaluate(() =>
      (
        globalThis as unknown as { __convexLens: { describe(): BackgroundTab[] } }
      ).__convexLens.describe(),
    );
  const tab = tabs.find((t) => t.tabId === session.tabId);
  if (!tab) throw new Error("the background holds nothing for the tab");
  return tab;
}

beforeAll(async () => {
  evil = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(EVIL_PAGE);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  const address = evil.address();
  // "localhost" is another origin than the app's "127.0.0.1", on the same loopback.
  evilUrl = `http://localhost:${typeof address === "object" && address !== null ? address.port : 0}/`;
  session = await startExtensionSession(APP_ENTRY, "Bank", "hostile");
  panel = await session.openPanel();
});

afterAll(async () => {
  await session?.close();
  await new Promise<void>((resolve) => {
    evil?.closeAllConnections();
    evil?.close(() => resolve());
  });
});

describe("a navigation to another origin with the log preserved", () => {
  it("keeps the app's session its own: the new page learns nothing of it and cannot add to it", async () => {
    await panel.getByLabel("Preserve log").check();
    await session.page.evaluate(() =>
      (
        window as unknown as { hostile: { call(path: string, options: object): Promise<void> } }
      ).hostile.call("accounts:balance", {}),
    );
    await waitForRows(panel, (rows) => rows.some((row) => row.functionPath === "accounts:balance"));
    const app = await eventually(async () => {
      const tab = await backgroundTab();
      if (tab.lastSession === null || tab.lastSeq === 0) throw new Error("no app session yet");
      return tab;
    });
    const appSession = app.lastSession as string;

    await session.page.goto(evilUrl);
    const hellos = await eventually(async () => {
      const heard = await session.page.evaluate(
        () => (window as unknown as { hellos: { session: string | null }[] }).hellos,
      );
      if (heard.length === 0) throw new Error("the new page has not been greeted yet");
      return heard;
    });
    // Before the fix, the hello carried the app's session id and its last seq.
    expect(hellos).toEqual([{ session: null, since: null }]);

    // Even knowing the id (guessed, or leaked elsewhere), the page cannot write under it.
    await session.page.evaluate(
      ({ appSession, seq }) => {
        const forge = (window as unknown as { forge(s: string, q: number, p: string): void }).forge;
        forge(appSession, seq, "payments:transfer");
        forge("elsewhere-session", 1, "payments:refund");
      },
      { appSession, seq: app.lastSeq + 1 },
    );
    const rows = await waitForRows(panel, (shown) =>
      shown.some((row) => row.functionPath.endsWith("payments:refund")),
    );
    expect(rows.map((row) => row.functionPath)).not.toContain("payments:transfer");
    expect(rows.some((row) => row.functionPath.includes("payments:transfer"))).toBe(false);
    // What the other page sent under its own session is labelled with its real origin.
    const origin = new URL(evilUrl).origin;
    expect(rows.find((row) => row.functionPath.endsWith("payments:refund"))?.functionPath).toBe(
      `${origin} payments:refund`,
    );
    const tab = await backgroundTab();
    expect(tab.refused).toBeGreaterThanOrEqual(1);
    expect(tab.origins).toContain(origin);
    // The app's own call is still there, under the app's session.
    expect((await panelRows(panel)).map((row) => row.functionPath)).toContain("accounts:balance");
  });
});
