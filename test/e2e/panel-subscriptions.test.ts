import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LensPageHandle } from "./fixtures/lensPage.js";
import { type LensPageSession, openLensPageSession } from "./support/lensPageSession.js";
import { callOnLensPage, setLensPageFaults } from "./support/lensTestPage.js";

// The Subscriptions tab over a real page: the SDK's subscriptions reach the panel through the
// bridge, the content script and the background, and the view shows them as they change.

let session: LensPageSession;
let page: Page;
let panel: Page;

/** Subscribes the page to a query, as a live view of the app would. */
function subscribe(path: string) {
  return page.evaluate(
    (path) => (window as unknown as { lensPage: LensPageHandle }).lensPage.subscribe(path),
    path,
  );
}

/** Sends a message through the page's instrumented client. */
function send(body: string) {
  return callOnLensPage(page, "mutation", "messages:send", { author: "ada", body });
}

beforeAll(async () => {
  session = await openLensPageSession();
  page = session.page;
  panel = await session.openPanel();
});

afterAll(() => session?.close());

describe("the Subscriptions tab", () => {
  it("lists the page's live subscriptions, counts their updates and shows one's history", async () => {
    await subscribe("messages:list");
    await panel.getByRole("tab", { name: /Subscriptions/ }).click();
    const rows = panel.locator('[data-testid="subscription-list"] [role="option"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain("live");
    const row = (await rows.first().textContent()) ?? "";
    expect(row).toContain("messages:list");
    expect(row).toContain("not captured");
    expect(row).toMatch(/connect \+ .* function/);

    // A write changes the query's result: the server pushes an update, and the row counts it.
    expect(await send("hi")).toMatchObject({ ok: true });
    await expect
      .poll(async () => (await rows.first().locator(".num").textContent())?.trim(), {
        timeout: 10_000,
      })
      .not.toBe("0");

    await rows.first().click();
    const detail = panel.getByTestId("subscription-detail");
    expect(await detail.textContent()).toContain("createLens({ capture: { args: true } })");
    const history = (await panel.getByTestId("subscription-history").textContent()) ?? "";
    expect(history).toContain("first result");
    expect(history).toContain("update");
  });

  it("shows a subscription paused while offline is simulated, and live again after", async () => {
    const setOffline = (offline: boolean) =>
      setLensPageFaults(page, offline ? { offline: true } : null);
    const state = () =>
      panel
        .locator('[data-testid="subscription-list"] [role="option"] > span')
        .first()
        .textContent();
    await setOffline(true);
    await expect.poll(state, { timeout: 10_000 }).toBe("paused (offline)");
    await setOffline(false);
    await expect.poll(state, { timeout: 10_000 }).toBe("live");
  });

  it("keeps a long list windowed: 300 subscriptions put a screenful of rows in the DOM, and the list scrolls, not the view", async () => {
    // 300 distinct subscriptions (each its own args), beside the one above.
    for (let limit = 1; limit <= 300; limit++) {
      await page.evaluate(
        (limit) =>
          (window as unknown as { lensPage: LensPageHandle }).lensPage.subscribe("messages:list", {
            limit,
          }),
        limit,
      );
    }
    const summary = panel.getByTestId("subscriptions-summary");
    await expect
      .poll(async () => (await summary.textContent()) ?? "", { timeout: 20_000 })
      .toMatch(/^301 live subscriptions/);
    const rows = panel.locator('[data-testid="subscription-list"] [role="option"]');
    // A screenful: the panel's height over a 22 px row, plus the few windowedRows adds.
    expect(await rows.count()).toBeLessThan(100);
    // The view itself must not scroll (its list does): else every row is "on screen" and rendered.
    const viewOverflows = await panel
      .locator(".view.subscriptions")
      .evaluate((view) => view.scrollHeight > view.clientHeight + 1);
    expect(viewOverflows).toBe(false);
    // The selected one's detail still shows beside the list, within the panel.
    await rows.nth(5).click();
    const detailTop = await panel
      .getByTestId("subscription-detail")
      .evaluate((detail) => detail.getBoundingClientRect().top);
    expect(detailTop + 20).toBeLessThan(await panel.evaluate(() => window.innerHeight));
  });
});
