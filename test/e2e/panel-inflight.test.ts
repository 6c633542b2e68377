import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpawnedLocalBackend } from "../support/localBackend.js";
import type { PageCallOutcome } from "./fixtures/lensPage.js";
import { type LensPageSession, openLensPageSession } from "./support/lensPageSession.js";
import { callOnLensPage } from "./support/lensTestPage.js";

// A backend outage as a frontend engineer lives it: the socket goes down, a mutation waits for it.
// The panel must show the socket down and the waiting mutation while it waits, not only once it
// settles: the SDK's calls in flight reach the panel through the bridge, the content script and
// the background, and its toolbar reads the page's connection items.

let session: LensPageSession;
let backend: SpawnedLocalBackend;
let page: Page;
let panel: Page;

beforeAll(async () => {
  session = await openLensPageSession();
  ({ backend, page } = session);
  panel = await session.openPanel();
});

afterAll(() => session?.close());

describe("calls in flight in the panel", () => {
  it("shows a mutation waiting out an outage as a pending row, the socket down in the toolbar, and its normal row after", async () => {
    // The socket is up: the page has made a call.
    expect(await callOnLensPage(page, "query", "messages:count")).toMatchObject({ ok: true });
    await panel.getByRole("tab", { name: /^Calls/ }).click();
    const socketStatus = panel.getByTestId("socket-status");
    const pendingRows = panel.getByTestId("inflight-row");
    const sentRows = panel.locator('[data-testid="call-list"] [role="option"]', {
      hasText: "messages:send",
    });

    await backend.setFaults({ refuseConnections: true });
    await expect
      .poll(async () => (await socketStatus.count()) > 0 && (await socketStatus.textContent()), {
        timeout: 15_000,
      })
      .toBe("WebSocket disconnected");

    // The mutation is sent while the socket is down; the page does not wait for it here.
    await page.evaluate(() => {
      const w = window as unknown as {
        lensPage: { call(kind: string, path: string, args: unknown): Promise<unknown> };
        sending?: Promise<unknown>;
      };
      w.sending = w.lensPage.call("mutation", "messages:send", {
        author: "ada",
        body: "through the outage",
      });
    });
    await expect.poll(() => pendingRows.count(), { timeout: 10_000 }).toBe(1);
    const row = pendingRows.first();
    expect(await row.textContent()).toMatch(
      /pending\s*mutation\s*messages:send\s*waiting for the WebSocket · \d+ s/,
    );
    // Its time counts up while it waits.
    await expect
      .poll(async () => /· ([1-9]\d*) s/.test((await row.textContent()) ?? ""), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await sentRows.count()).toBe(0);

    await backend.clearFaults();
    const outcome = (await page.evaluate(
      () => (window as unknown as { sending: Promise<unknown> }).sending,
    )) as PageCallOutcome;
    expect(outcome).toMatchObject({ ok: true });
    await expect.poll(() => sentRows.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => pendingRows.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => socketStatus.count(), { timeout: 15_000 }).toBe(0);
  }, 60_000);

  it("lists a mutation that was already waiting when DevTools was opened", async () => {
    // The app looks stuck first; only then does the engineer open the panel.
    await panel.close();
    await backend.setFaults({ refuseConnections: true });
    // Time for the page to hear the panel leave ("bye"), so the call below begins with none open.
    await page.waitForTimeout(1_000);
    await page.evaluate(() => {
      const w = window as unknown as {
        lensPage: { call(kind: string, path: string, args: unknown): Promise<unknown> };
        stuck?: Promise<unknown>;
      };
      w.stuck = w.lensPage.call("mutation", "messages:send", {
        author: "ada",
        body: "sent before DevTools opened",
      });
    });
    panel = await session.openPanel();
    await panel.getByRole("tab", { name: /^Calls/ }).click();
    const pendingRows = panel.getByTestId("inflight-row");
    await expect.poll(() => pendingRows.count(), { timeout: 10_000 }).toBe(1);
    expect(await pendingRows.first().textContent()).toMatch(/pending\s*mutation\s*messages:send/);

    await backend.clearFaults();
    const outcome = (await page.evaluate(
      () => (window as unknown as { stuck: Promise<unknown> }).stuck,
    )) as PageCallOutcome;
    expect(outcome).toMatchObject({ ok: true });
    await expect.poll(() => pendingRows.count(), { timeout: 10_000 }).toBe(0);
  }, 60_000);
});
