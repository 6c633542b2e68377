import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.js";
import type { ExtensionBrowser } from "./support/chromium.js";
import { type LensPageSession, openLensPageSession } from "./support/lensPageSession.js";
import { callOnLensPage, setLensPageFaults } from "./support/lensTestPage.js";
import { describeTabs, openPanelTab, panelRows, waitForRows } from "./support/panelTab.js";

// The panel opened as a tab (panel.html?tabId=…) over a page that uses the SDK against the local
// backend. The tests run in order and share one browser, page and backend (a browser start is
// the slow part); each says what it leaves behind.

let session: LensPageSession;
let browser: ExtensionBrowser;
let page: Page;
let tabId: number;
let panel: Page;

/** Makes one call from the lens page's app; see callOnLensPage. */
const call = (
  kind: "query" | "mutation" | "action",
  path: string,
  args?: Record<string, unknown>,
) => callOnLensPage(page, kind, path, args);

/** Sets the lens page's client-side (SDK) faults; null clears them. */
const pageFaults = (config: Record<string, unknown> | null) => setLensPageFaults(page, config);

beforeAll(async () => {
  session = await openLensPageSession();
  ({ browser, page, tabId } = session);
});

afterAll(() => session?.close());

describe("the Convex panel, opened in a tab", () => {
  it("shows calls made before it opened, with their kinds, statuses and attempt counts", async () => {
    // Made while no panel is open: the page keeps them in its bridge's history.
    expect(await call("query", "messages:list")).toMatchObject({ ok: true });
    expect(await call("mutation", "messages:send", { author: "ada", body: "hello" })).toMatchObject(
      { ok: true },
    );
    expect(await call("action", "bot:reply", { to: "ada" })).toMatchObject({ ok: true });
    const rejected = await call("mutation", "messages:send", { author: "ada", body: "  " });
    expect(rejected.ok).toBe(false);
    await pageFaults({ errorRate: 1, error: "overloaded", functions: "messages:count" });
    const failed = await call("query", "messages:count");
    await pageFaults(null);
    expect(failed.ok).toBe(false);
    // No panel yet, so nothing reached the extension.
    expect(
      (await describeTabs(browser.currentWorker())).find((t) => t.tabId === tabId)?.items,
    ).toBe(0);

    panel = await openPanelTab(browser.context, browser.extensionId, tabId);
    const rows = await waitForRows(panel, (r) => r.length >= 5);
    expect(rows).toEqual([
      { kind: "query", functionPath: "messages:list", status: "ok", attempts: "1" },
      { kind: "mutation", functionPath: "messages:send", status: "ok", attempts: "1" },
      { kind: "action", functionPath: "bot:reply", status: "ok", attempts: "1" },
      { kind: "mutation", functionPath: "messages:send", status: rejected.code, attempts: "1" },
      { kind: "query", functionPath: "messages:count", status: failed.code, attempts: "3" },
    ]);
  });

  it("shows a retried call's attempts and the backoff between them", async () => {
    await panel.locator('[data-testid="call-list"] [role="option"]').last().click();
    const detail = panel.getByTestId("call-detail");
    await expect
      .poll(() => detail.getByTestId("attempts").locator("tbody tr").count(), { timeout: 10_000 })
      .toBe(3);
    expect(await detail.locator(".bar-gap").count()).toBeGreaterThanOrEqual(2);
    const errorText = await detail.getByTestId("call-error").textContent();
    expect(errorText).toContain("OVERLOADED");
    await panel.keyboard.press("Escape");
  });

  it("trips a breaker from the panel, so the page fails fast, and resets it", async () => {
    await panel.getByRole("tab", { name: /Breakers/ }).click();
    await panel.getByLabel("Breaker scope").fill("messages:list");
    await panel.getByRole("button", { name: "Trip", exact: true }).first().click();
    await expect
      .poll(() => panel.getByTestId("toolbar-message").textContent(), { timeout: 10_000 })
      .toBe("Trip breaker messages:list: done");
    expect(
      await page.evaluate(() =>
        (
          window as unknown as { lensPage: { breakerState(s: string): string } }
        ).lensPage.breakerState("messages:list"),
      ),
    ).toBe("open");

    const refused = await call("query", "messages:list");
    expect(refused).toEqual({ ok: false, code: "CIRCUIT_OPEN" });
    const breakerRow = panel.locator('[data-scope="messages:list"]');
    await expect.poll(() => breakerRow.textContent(), { timeout: 10_000 }).toMatch(/open/);

    await breakerRow.getByRole("button", { name: "Reset" }).click();
    await expect
      .poll(() => panel.getByTestId("toolbar-message").textContent(), { timeout: 10_000 })
      .toBe("Reset breaker messages:list: done");
    expect(await call("query", "messages:list")).toMatchObject({ ok: true });

    await panel.getByRole("tab", { name: /Calls/ }).click();
    const rows = await waitForRows(panel, (r) => r.length >= 7);
    expect(rows.slice(5)).toEqual([
      { kind: "query", functionPath: "messages:list", status: "CIRCUIT_OPEN", attempts: "1" },
      { kind: "query", functionPath: "messages:list", status: "ok", attempts: "1" },
    ]);
  });

  it("says under a mutation's open breaker that mutations still go through, and keeps option names' case in the uppercased detail headings", async () => {
    await panel.getByRole("tab", { name: /Breakers/ }).click();
    await panel.getByLabel("Breaker scope").fill("messages:send");
    await panel.getByRole("button", { name: "Trip", exact: true }).first().click();
    const note = panel.locator('[data-note-for="messages:send"]');
    await expect
      .poll(() => note.textContent(), { timeout: 10_000 })
      .toMatch(/mutations are still sent.*breaker\.failFast/);
    // As the note says: the mutation is sent, not refused with CIRCUIT_OPEN.
    expect(
      await call("mutation", "messages:send", { author: "ada", body: "through" }),
    ).toMatchObject({ ok: true });
    // The note wraps within the panel rather than being cut to an ellipsis.
    const clipped = await note
      .locator("td")
      .evaluate((cell) => cell.scrollWidth > cell.clientWidth + 1);
    expect(clipped).toBe(false);
    await panel
      .locator('[data-scope="messages:send"]')
      .getByRole("button", { name: "Reset" })
      .click();
    await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(0);

    await panel.getByRole("tab", { name: /Calls/ }).click();
    await panel.locator('[data-testid="call-list"] [role="option"]').first().click();
    // innerText is what is drawn, after text-transform: the option is not uppercased.
    // biome-ignore lint/performance/useDomNodeTextContent: the drawn text is what this checks.
    const heading = await panel.getByTestId("arguments-label").innerText();
    expect(heading).toMatch(/^ARGUMENTS NOT CAPTURED — TURN ON capture\.args$/);
    await panel.getByRole("button", { name: "Close detail" }).click();
    // The list takes the width back and shows every column again (the next test reads them).
    await waitForRows(panel, (rows) => rows.length > 0 && rows.every((row) => row.kind !== ""));
  });

  it("keeps the history when the panel is closed and opened again", async () => {
    const before = await panelRows(panel);
    await panel.close();
    // With no panel open the page goes back to sleep…
    await eventually(async () => {
      const tab = (await describeTabs(browser.currentWorker())).find((t) => t.tabId === tabId);
      if (tab?.panels !== 0) throw new Error("the panel is still attached");
    });
    // …and what it does meanwhile waits in its own buffer.
    expect(
      await call("mutation", "messages:send", { author: "grace", body: "while closed" }),
    ).toMatchObject({ ok: true });

    panel = await openPanelTab(browser.context, browser.extensionId, tabId);
    const after = await waitForRows(panel, (r) => r.length >= before.length + 1);
    expect(after).toEqual([
      ...before,
      { kind: "mutation", functionPath: "messages:send", status: "ok", attempts: "1" },
    ]);
  });

  it("comes back by itself when the extension's service worker is stopped, without duplicates", async () => {
    const before = await panelRows(panel);
    // Stop the worker the way Chrome does when it idles (CDP ServiceWorker.stopAllWorkers, from
    // a page of the extension's origin).
    const cdp = await browser.context.newCDPSession(panel);
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    // The panel's port drops; it reconnects with backoff, which starts a new worker, and
    // re-attaches.
    await eventually(
      async () => {
        const state = await panel.evaluate(() => {
          const store = (
            globalThis as unknown as {
              __convexLensPanel: { connections: number; backgroundConnected: boolean };
            }
          ).__convexLensPanel;
          return { connections: store.connections, connected: store.backgroundConnected };
        });
        if (state.connections < 2 || !state.connected)
          throw new Error(`not reconnected: ${JSON.stringify(state)}`);
      },
      { timeoutMs: 20_000 },
    );
    await cdp.detach();
    expect(await call("query", "messages:list")).toMatchObject({ ok: true });
    // The page resent its history to the new worker; the panel kept one copy of each call.
    const after = await waitForRows(panel, (r) => r.length >= before.length + 1);
    expect(after).toEqual([
      ...before,
      { kind: "query", functionPath: "messages:list", status: "ok", attempts: "1" },
    ]);
  });

  it("shows a hostile page's payloads as text and keeps every buffer within its cap", async () => {
    const xss = '<img src=x onerror="window.__pwned=1">';
    const script = "<script>window.__pwned=2</script>";
    const evilCall = {
      type: "call",
      seq: 1,
      name: script,
      functionPath: `evil:${xss}`,
      kind: "query",
      transport: "websocket",
      serverAddress: "javascript:alert(1)",
      startedAt: Date.now(),
      durationMs: 1,
      attempts: 1,
      attemptDetails: [],
      events: [
        {
          name: "convex.log",
          at: Date.now(),
          attributes: { level: "log", text: xss, [xss]: script },
        },
      ],
      error: {
        code: xss,
        message: script,
        userMessage: xss,
        httpStatus: 500,
        retryable: false,
        requestId: xss,
      },
      traceId: "",
      spanId: "",
      faultInjected: false,
      subscription: false,
    };
    await page.evaluate(
      ({ evilCall }) => {
        const lensPage = (window as unknown as { lensPage: { postRaw(m: unknown): void } })
          .lensPage;
        lensPage.postRaw({ source: "convex-lens", v: 1, session: "evil", batch: [evilCall] });
        lensPage.postRaw(
          JSON.parse(
            '{"source":"convex-lens","v":1,"session":"evil","__proto__":{"polluted":1},"batch":[{"__proto__":{"type":"call"}}]}',
          ),
        );
        lensPage.postRaw({ source: "convex-lens", v: 1, session: "evil", batch: "not a list" });
        // A flood: the content script relays at most 1,000 messages a second and drops the rest.
        for (let i = 0; i < 20_000; i++) {
          lensPage.postRaw({
            source: "convex-lens",
            v: 1,
            session: "flood",
            batch: [{ ...evilCall, seq: i + 2, functionPath: `flood:f${i}` }],
          });
        }
      },
      { evilCall },
    );
    // Find it the way a user would, by filtering the list.
    await panel.getByLabel("Filter calls by text").fill("evil:");
    const rows = await waitForRows(panel, (r) => r.length === 1);
    expect(rows[0]).toEqual({
      kind: "query",
      functionPath: `evil:${xss}`,
      status: xss,
      attempts: "1",
    });
    await panel.locator('[role="option"]', { hasText: "evil:" }).click();
    const detail = await panel.getByTestId("call-detail").textContent();
    expect(detail).toContain(script);
    expect(detail).toContain(`[LOG] ${xss}`);

    // Nothing ran, nothing was parsed as HTML, and the panel still answers at once.
    expect(await panel.locator("img, script:not([src]), iframe, object, embed").count()).toBe(0);
    expect(await panel.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await panel.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
    // Let the flood finish arriving: the count holds still for 1.5 s.
    const floodCount = () =>
      panel.evaluate(
        () =>
          (
            globalThis as unknown as {
              __convexLensPanel: { calls: { toArray(): { functionPath: string }[] } };
            }
          ).__convexLensPanel.calls
            .toArray()
            .filter((c) => c.functionPath.startsWith("flood:")).length,
      );
    let arrived = await floodCount();
    for (let still = 0, polls = 0; still < 5 && polls < 60; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await floodCount();
      still = now === arrived ? still + 1 : 0;
      arrived = now;
    }
    // The relay passes 1,000 messages a second: far from all 20,000 got through.
    expect(arrived).toBeGreaterThan(0);
    expect(arrived).toBeLessThan(20_000);
    const store = await panel.evaluate(() => {
      const calls = (
        globalThis as unknown as {
          __convexLensPanel: { calls: { size: number; capacity: number } };
        }
      ).__convexLensPanel.calls;
      return { size: calls.size, capacity: calls.capacity };
    });
    expect(store.size).toBeLessThanOrEqual(store.capacity);
    const tab = (await describeTabs(browser.currentWorker())).find((t) => t.tabId === tabId);
    expect(tab?.items).toBeLessThanOrEqual(20_000);
    // And the real page still works.
    expect(await call("query", "messages:list")).toMatchObject({ ok: true });
  });
});
