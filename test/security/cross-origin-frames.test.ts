import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionBrowser, launchWithExtension } from "../e2e/support/chromium.js";
import { openPanelTab, panelRows, tabIdOf, waitForRows } from "../e2e/support/panelTab.js";
import { eventually } from "../support/eventually.js";
import {
  type CrossOriginSites,
  type Heard,
  type SpyRecord,
  serveCrossOriginSites,
} from "./support/crossOriginSites.js";
import type { FramedAppHandle } from "./support/framedApp.js";
import { APP_MARKER } from "./support/framedAppMarker.js";

// Issue 17, "what held, and must keep holding": cross-origin iframes, parents and openers get
// nothing. An app runs the SDK with the DevTools bridge on and commands allowed (as in
// development), with the Convex panel open for its tab. Pages of another site sit around it: an
// iframe inside it, a parent that frames it, a popup it opens and a page that opens it. Each
// records every message it can hear and every port it is handed, and attacks the app as any
// script can (a hello offering its own private port, commands through the window and through
// that port, a forged call for the panel). None may hear the app's batches, commands' answers or
// private port, and the app must obey none of it. Same-origin listeners are the control: they do
// hear all of it, and the same attack from the app's own window works. The tests share one
// browser and run in order.

/** Time for messages already posted to be delivered and handled (after a later call showed). */
const SETTLE_MS = 300;

let sites: CrossOriginSites;
let browser: ExtensionBrowser;
let app: Page;
let panel: Page;
/** The app's bridge session, learned by the same-origin control. */
let appSession = "";

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** The spy's record in a page or frame (`window.spy.record`). */
function spyRecord(where: Page | Frame): Promise<SpyRecord> {
  return where.evaluate(() => (window as unknown as { spy: { record: SpyRecord } }).spy.record);
}

/** Calls `path` through the app's lens in `where` (`window.app`). */
function appCall(where: Page | Frame, path: string): Promise<void> {
  return where.evaluate(
    (path) => (window as unknown as { app: FramedAppHandle }).app.call(path),
    path,
  );
}

/** Whether a command has taken the app in `where` offline. */
function appOffline(where: Page | Frame): Promise<boolean> {
  return where.evaluate(() => (window as unknown as { app: FramedAppHandle }).app.offline());
}

/** A window the spy can attack, as its page names it. */
type Target = "self" | "parent" | "opener" | "child" | "opened";

/** Has the spy in `where` attack `target` as `name`. */
function attack(where: Page | Frame, target: Target, name: string): Promise<void> {
  return where.evaluate(
    ({ target, name }) => {
      const page = window as unknown as {
        spy: { attack(t: unknown, n: string): void };
        opened?: unknown;
      };
      const targets = {
        self: window,
        parent: window.parent,
        opener: window.opener,
        child: window.frames[0],
        opened: page.opened,
      };
      page.spy.attack(targets[target], name);
    },
    { target, name },
  );
}

/** The message a heard text holds, or null when it is not JSON of an object. */
function parsed(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The bridge's start-up announcement among `heard`, if there. */
function announcement(heard: readonly Heard[]): Record<string, unknown> | undefined {
  return heard
    .map((h) => parsed(h.text))
    .find(
      (m) =>
        m?.source === "convex-lens" &&
        Array.isArray(m.batch) &&
        m.batch.some((item: { type?: string; announce?: boolean }) => item.announce === true),
    ) as Record<string, unknown> | undefined;
}

/** The commands among messages a spy heard on a port. */
function commandsIn(texts: readonly string[]): unknown[] {
  return texts
    .map(parsed)
    .filter((m) => m?.source === "convex-lens-devtools" && m.type === "command")
    .map((m) => m?.command);
}

/** Everything of a record that mentions the app: its marker, its function names, its session. */
function appTraces(record: SpyRecord, session: string): string[] {
  const texts = [
    ...record.heard.map((h) => h.text),
    ...record.fromTakenPorts,
    ...record.fromForgedPorts,
  ];
  return texts.filter(
    (text) =>
      text.includes(APP_MARKER) ||
      text.includes("vault:") ||
      (session !== "" && text.includes(session)),
  );
}

/** The frame of `page` whose document is on `origin`. */
function frameOn(page: Page, origin: string): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(origin));
  if (!frame) throw new Error(`no frame on ${origin}: ${page.frames().map((f) => f.url())}`);
  return frame;
}

/** Makes a call and waits until `shownIn` lists it: messages posted before it have been handled. */
async function callAndSee(where: Page | Frame, shownIn: Page, path: string): Promise<void> {
  await appCall(where, path);
  await waitForRows(shownIn, (rows) => rows.some((row) => row.functionPath === path));
  await settle();
}

/** Whether a panel lists any call whose name contains `payments:transfer` (the forged ones). */
async function showsForgedCall(shownIn: Page): Promise<boolean> {
  return (await panelRows(shownIn)).some((row) => row.functionPath.includes("payments:transfer"));
}

/**
 * The verdict on an attack from another origin, seen in what its spy recorded: every forged
 * message was posted, yet the app stayed online, the spy heard nothing, got no port and no trace of
 * the app's session, and the app's panel shows no forged call.
 */
async function expectAttackFoiled(
  record: SpyRecord,
  app: Page | Frame,
  session: string,
  shownIn: Page,
): Promise<void> {
  expect(record.posted).toEqual(["ok", "ok", "ok"]);
  expect(await appOffline(app)).toBe(false);
  expect(record.heard).toEqual([]);
  expect(record.fromForgedPorts).toEqual([]);
  expect(appTraces(record, session)).toEqual([]);
  expect(await showsForgedCall(shownIn)).toBe(false);
}

/** Waits until the app in `page` (a page or a frame) has its lens. */
async function waitForApp(page: Page | Frame): Promise<void> {
  await page.waitForFunction(() => "app" in window, undefined, { timeout: 15_000 });
}

beforeAll(async () => {
  sites = await serveCrossOriginSites();
  browser = await launchWithExtension();
  app = await browser.context.newPage();
  await app.goto(sites.appUrl({ frames: true }));
  await waitForApp(app);
  const tabId = await tabIdOf(browser.currentWorker(), sites.appUrl({ frames: true }));
  panel = await openPanelTab(browser.context, browser.extensionId, tabId);
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

describe("pages of another site around an app with the panel open", () => {
  it("lets same-origin listeners hear the announcement, the private port and the panel's commands (the control)", async () => {
    await callAndSee(app, panel, "vault:read");
    // A command from the panel, and its answer, travel while every spy listens.
    await panel.getByRole("tab", { name: /Faults/ }).click();
    await panel.getByRole("button", { name: "Go offline" }).click();
    await eventually(async () => expect(await appOffline(app)).toBe(true));
    await panel.getByRole("button", { name: "Go back online" }).click();
    await eventually(async () => expect(await appOffline(app)).toBe(false));
    await panel.getByRole("tab", { name: /Calls/ }).click();

    const own = await spyRecord(app);
    const announced = announcement(own.heard);
    expect(announced).toBeDefined();
    appSession = String(announced?.session);
    expect(appSession).not.toBe("");
    // The content script's hello, with the private port; through that port, the panel's commands.
    expect(own.heard.some((h) => h.ports === 1 && parsed(h.text)?.type === "hello")).toBe(true);
    expect(commandsIn(own.fromTakenPorts)).toEqual([
      { name: "setOffline", offline: true },
      { name: "setOffline", offline: false },
    ]);

    // A same-origin frame can listen on its parent, and hears the same.
    const sameFrame = await spyRecord(frameOn(app, `${sites.appOrigin}/spy`));
    expect(sameFrame.reached.parent).toBe("listening");
    expect(announcement(sameFrame.heard.filter((h) => h.where === "parent"))).toBeDefined();
    expect(commandsIn(sameFrame.fromTakenPorts)).toHaveLength(2);
  });

  it("gives a cross-origin iframe in the app nothing: no message, no port, no listening on its parent", async () => {
    const frame = frameOn(app, sites.otherOrigin);
    expect(await frame.evaluate(() => location.origin)).toBe(sites.otherOrigin);
    const record = await spyRecord(frame);
    expect(record.reached.parent).toBe("SecurityError");
    expect(record.heard).toEqual([]);
    expect(record.fromTakenPorts).toEqual([]);
  });

  it("obeys no command from a cross-origin iframe, keeps its port, and shows none of its forged calls", async () => {
    const frame = frameOn(app, sites.otherOrigin);
    await attack(frame, "parent", "iframe");
    // The app's calls still reach the panel: the bridge did not move to the iframe's port.
    await callAndSee(app, panel, "vault:after-iframe");
    const record = await spyRecord(frame);
    await expectAttackFoiled(record, app, appSession, panel);
  });

  it("gives a cross-origin parent that frames the app nothing, and the framed app obeys none of its commands", async () => {
    const parentUrl = sites.spyUrl({ frame: sites.appUrl() });
    const parent = await browser.context.newPage();
    await parent.goto(parentUrl);
    const framed = frameOn(parent, sites.appOrigin);
    await waitForApp(framed);
    // With the panel open for the parent's tab, its own content script greets it.
    const parentPanel = await openPanelTab(
      browser.context,
      browser.extensionId,
      await tabIdOf(browser.currentWorker(), parentUrl),
    );
    await parent.evaluate(() =>
      (window as unknown as { spy: { listenOn(n: string, t: unknown): void } }).spy.listenOn(
        "framed",
        window.frames[0],
      ),
    );
    await appCall(framed, "vault:framed");
    await attack(parent, "child", "parent");
    await appCall(framed, "vault:framed-after");
    await settle();

    // The control: inside the frame, the app's own listener hears its bridge.
    const framedSession = String(announcement((await spyRecord(framed)).heard)?.session ?? "");
    expect(framedSession).not.toBe("");
    expect(await appOffline(framed)).toBe(false);

    // Its tab's hello comes when the parent's panel connects, which nothing above waits for.
    const record = await eventually(async () => {
      const now = await spyRecord(parent);
      expect(now.heard.length).toBeGreaterThan(0);
      return now;
    });
    expect(record.reached.framed).toBe("SecurityError");
    expect(record.posted).toEqual(["ok", "ok", "ok"]);
    expect(appTraces(record, framedSession)).toEqual([]);
    expect(record.fromForgedPorts).toEqual([]);
    // All it heard is its own tab's hello, which names no session; its port brings nothing.
    for (const heard of record.heard) {
      expect(parsed(heard.text)).toEqual({ source: "convex-lens-devtools", v: 1, type: "hello" });
      expect(heard.origin).toBe(sites.otherOrigin);
    }
    expect(record.fromTakenPorts).toEqual([]);
    await parentPanel.close();
    await parent.close();
  });

  it("gives a cross-origin page the app opens nothing, and obeys none of its commands", async () => {
    const [popup] = await Promise.all([
      browser.context.waitForEvent("page"),
      app.evaluate((url) => {
        window.open(url);
      }, sites.spyUrl()),
    ]);
    await popup.waitForFunction(() => "spy" in window);
    expect(new URL(popup.url()).origin).toBe(sites.otherOrigin);
    expect((await spyRecord(popup)).reached.opener).toBe("SecurityError");
    await attack(popup, "opener", "popup");
    await callAndSee(app, panel, "vault:after-popup");

    const record = await spyRecord(popup);
    await expectAttackFoiled(record, app, appSession, panel);
    await popup.close();
  });

  it("gives a cross-origin page that opens the app nothing, and the app obeys none of its commands", async () => {
    const opener = await browser.context.newPage();
    await opener.goto(sites.spyUrl());
    const openedUrl = `${sites.appOrigin}/app?opened`;
    const [opened] = await Promise.all([
      browser.context.waitForEvent("page"),
      opener.evaluate((url) => {
        (window as unknown as { opened: unknown }).opened = window.open(url);
      }, openedUrl),
    ]);
    await waitForApp(opened);
    const openedPanel = await openPanelTab(
      browser.context,
      browser.extensionId,
      await tabIdOf(browser.currentWorker(), openedUrl),
    );
    await opener.evaluate(() =>
      (
        window as unknown as { spy: { listenOn(n: string, t: unknown): void }; opened: unknown }
      ).spy.listenOn("opened", (window as unknown as { opened: unknown }).opened),
    );
    await callAndSee(opened, openedPanel, "vault:opened");
    await attack(opener, "opened", "opener");
    await callAndSee(opened, openedPanel, "vault:opened-after");

    // The control: the opened app's own listener hears its bridge and the panel's hello.
    const own = await spyRecord(opened);
    const openedSession = String(announcement(own.heard)?.session ?? "");
    expect(openedSession).not.toBe("");
    expect(own.heard.some((h) => h.ports === 1 && parsed(h.text)?.type === "hello")).toBe(true);

    const record = await spyRecord(opener);
    expect(record.reached.opened).toBe("SecurityError");
    await expectAttackFoiled(record, opened, openedSession, openedPanel);
    await openedPanel.close();
    await opened.close();
    await opener.close();
  });

  it("keeps each tab's calls in its own tab's panel", async () => {
    const secondUrl = `${sites.appOrigin}/app?second`;
    const second = await browser.context.newPage();
    await second.goto(secondUrl);
    await waitForApp(second);
    const secondPanel = await openPanelTab(
      browser.context,
      browser.extensionId,
      await tabIdOf(browser.currentWorker(), secondUrl),
    );
    await callAndSee(second, secondPanel, "vault:second-tab");
    await callAndSee(app, panel, "vault:first-tab");
    const first = (await panelRows(panel)).map((row) => row.functionPath);
    const other = (await panelRows(secondPanel)).map((row) => row.functionPath);
    // Both panels show their own tab's calls (the control) and none of the other's.
    expect(first).toEqual(expect.arrayContaining(["vault:read", "vault:first-tab"]));
    expect(first).not.toContain("vault:second-tab");
    expect(other).toEqual(["vault:second-tab"]);
    await secondPanel.close();
    await second.close();
  });

  it("obeys the same attack from the app's own window (the control: the forged messages work)", async () => {
    await attack(app, "self", "self");
    await eventually(async () => expect(await appOffline(app)).toBe(true));
    const record = await spyRecord(app);
    // The fooled bridge moved to the offered port: it sends the app's calls and answers there.
    await eventually(async () => {
      const forged = (await spyRecord(app)).fromForgedPorts;
      expect(forged.some((text) => text.includes(APP_MARKER))).toBe(true);
      expect(forged.some((text) => text.includes("self-port"))).toBe(true);
    });
    expect(record.posted).toEqual(["ok", "ok", "ok"]);
    // And the forged call from the app's own window reaches the panel, labelled as the page's.
    await waitForRows(panel, (rows) =>
      rows.some((row) => row.functionPath.includes("payments:transfer-self")),
    );
  });
});
