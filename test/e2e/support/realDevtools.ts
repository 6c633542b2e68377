import type { BrowserContext, CDPSession } from "playwright-core";
import { eventually } from "../../support/eventually.js";

/**
 * The Chromium majors whose DevTools internals these steps were verified on (Debian's package
 * moves between them). `InspectorView` is not a public API, so a failure to find the panel names
 * the running version against these, instead of timing out somewhere obscure; an unlisted
 * version is not refused, because the steps usually still work and the tests say when they do not.
 */
const VERIFIED_CHROMIUM_MAJORS: readonly number[] = [150, 156];

/** A target attached without flattening: commands go through Target.sendMessageToTarget. */
export interface AttachedTarget {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression (awaiting promises) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
}

/**
 * Attaches to a target the way the notes describe: Playwright does not auto-attach to
 * devtools:// and their iframes, so messages go through the browser session.
 */
export async function attachTarget(browser: CDPSession, targetId: string): Promise<AttachedTarget> {
  const { sessionId } = (await browser.send("Target.attachToTarget", {
    targetId,
    flatten: false,
  })) as {
    sessionId: string;
  };
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  browser.on(
    "Target.receivedMessageFromTarget",
    (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id === undefined) return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    },
  );
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      browser
        .send("Target.sendMessageToTarget", {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(reject);
    });
  return {
    send,
    async evaluate<T>(expression: string): Promise<T> {
      const result = await send<{
        result: { value: T };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      }>("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
      if (result.exceptionDetails) {
        throw new Error(
          result.exceptionDetails.exception?.description ?? result.exceptionDetails.text,
        );
      }
      return result.result.value;
    },
  };
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** The real DevTools window of a page, with the Convex panel selected. */
export interface OpenDevtools {
  /** The DevTools frontend (top-level; screenshots work here). */
  readonly frontend: AttachedTarget;
  /** The Convex panel's page, inside DevTools. */
  readonly panel: AttachedTarget;
  /** Every panel tab id DevTools lists. */
  readonly tabIds: string[];
  /** A PNG of the whole DevTools window. */
  screenshot(): Promise<Buffer>;
}

/**
 * Opens DevTools for the page at `pageUrl` and selects the Convex panel:
 * Target.openDevTools → attach → wait for the extension's panel in InspectorView's tabbed pane →
 * showPanel → attach to the panel's iframe target.
 */
export async function openRealDevtoolsPanel(
  context: BrowserContext,
  extensionId: string,
  pageUrl: string,
): Promise<OpenDevtools> {
  const browser = context.browser();
  if (!browser) throw new Error("no browser behind this context");
  const session = await browser.newBrowserCDPSession();
  const targets = async () =>
    ((await session.send("Target.getTargets")) as { targetInfos: TargetInfo[] }).targetInfos;
  const page = (await targets()).find((t) => t.type === "page" && t.url === pageUrl);
  if (!page) throw new Error(`no page target at ${pageUrl}`);
  const { targetId } = (await session.send("Target.openDevTools", { targetId: page.targetId })) as {
    targetId: string;
  };
  const frontend = await attachTarget(session, targetId);
  // A roomy window for the screenshot; DevTools lays itself out to it.
  await frontend.send("Emulation.setDeviceMetricsOverride", {
    width: 1280,
    height: 760,
    deviceScaleFactor: 1,
    mobile: false,
  });

  const panelTitle = `chrome-extension://${extensionId}Convex`;
  const tabIds = await eventually(
    async () => {
      const ids = await frontend.evaluate<string[]>(
        "(async () => (await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance().tabbedPane.tabIds())()",
      );
      if (!ids.includes(panelTitle))
        throw new Error(`DevTools lists ${JSON.stringify(ids)}, without ${panelTitle}`);
      return ids;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    throw new Error(
      `The Convex panel did not appear in DevTools' InspectorView (DevTools internals may have changed: ` +
        `these steps were verified on Chromium ${VERIFIED_CHROMIUM_MAJORS.join(" and ")}, and this is ` +
        `Chromium ${browser.version()}; re-check shared/notes/browser-testing.md): ${String(error)}`,
    );
  });
  // Undocked, DevTools uses the whole (emulated) window; docked, the page keeps most of it.
  // Cosmetic, for the screenshot: ignored if this internal moves.
  await frontend
    .evaluate(
      "(async () => { (await import('./ui/legacy/legacy.js')).DockController.DockController.instance().setDockSide('undocked'); return true; })()",
    )
    .catch(() => undefined);
  await frontend.evaluate(
    `(async () => { await (await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelTitle)}); return true; })()`,
  );
  const panelTarget = await eventually(
    async () => {
      const found = (await targets()).find((t) =>
        t.url.startsWith(`chrome-extension://${extensionId}/panel.html`),
      );
      if (!found) throw new Error("the panel's iframe target did not appear");
      return found;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  const panel = await attachTarget(session, panelTarget.targetId);
  return {
    frontend,
    panel,
    tabIds,
    async screenshot() {
      // Should DevTools stay docked, its window keeps a blank share for the page: clip to it.
      const clip = await frontend
        .evaluate<{ x: number; y: number; width: number; height: number }>(
          "(async () => { const r = (await import('./ui/legacy/legacy.js')).InspectorView.InspectorView.instance().element.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()",
        )
        .catch(() => null);
      const params: Record<string, unknown> = { format: "png" };
      if (clip !== null && clip.width > 100 && clip.height > 100)
        params.clip = { ...clip, scale: 1 };
      const { data } = await frontend.send<{ data: string }>("Page.captureScreenshot", params);
      return Buffer.from(data, "base64");
    },
  };
}
