import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionSession, startExtensionSession } from "../bench/support/extensionSession.js";
import { eventually } from "../support/eventually.js";
import { type ContentWorld, contentScriptWorld } from "./support/contentWorld.js";
import type { HostilePageHandle, Ticks } from "./support/hostilePage.js";
import { clearPanelFindings, panelFindings, watchPanel } from "./support/panelWatch.js";
import { allPayloads, PWNED_GLOBAL, payloadsFor, XSS_BINDING } from "./support/payloads.js";

// A hostile page against the DevTools extension, end to end in Chromium: the page runs the real
// SDK and also forges protocol messages as any script on it could. Markup, `javascript:` URLs and
// `</script>` in names, attributes, errors and log lines must show as text; polluting shapes must
// pollute nothing; overfilled buffers must stay at their caps; and a flood of a million messages
// must leave the page and the panel responsive. The tests share one browser, page and panel, and
// run in order.

const PAGE_ENTRY = join(import.meta.dirname, "support/hostilePage.ts");
const FLOOD_MESSAGES = 1_000_000;
/**
 * The longest the page's timers and frames may stall during the flood. Quiet, the longest gap is
 * about 400 ms; on a loaded 2-core machine (CI, other suites beside it) one gap of 1,139 ms was
 * seen with nothing wrong. Still far below the flood's 20 s, which a blocked page would miss.
 */
const MAX_TICK_GAP_MS = 2_000;

/** The panel store's parts these tests read (window.__convexLensPanel, a PanelStore). */
interface PanelStoreView {
  calls: {
    size: number;
    capacity: number;
    lastId: number;
    toArray(): { functionPath: string }[];
  };
  spans: { size: number; capacity: number };
  transitions: { size: number; capacity: number };
  healthChanges: { size: number; capacity: number };
  errors: { size: number; maxGroups: number };
  functions: { maxFunctions: number; rows(): unknown[] };
  limits: { sessions: number };
  knownSessions(): unknown[];
}

let session: ExtensionSession;
let page: Page;
let panel: Page;
let world: ContentWorld;
const fired: string[] = [];

/** The panel's store, read in the panel's page. */
function panelStore(): Promise<{
  lastId: number;
  paths: string[];
  sizeWithinCap: boolean;
}> {
  return panel.evaluate(() => {
    const store = (globalThis as unknown as { __convexLensPanel: PanelStoreView })
      .__convexLensPanel;
    return {
      lastId: store.calls.lastId,
      paths: store.calls.toArray().map((call) => call.functionPath),
      sizeWithinCap: store.calls.size <= store.calls.capacity,
    };
  });
}

/** What the background holds for one tab (its test hook, `__convexLens.describe()`). */
interface BackgroundTab {
  tabId: number;
  items: number;
  weight: number;
  sessions: string[];
  stateEntries: number;
}

/** The background worker's summary of the hostile page's tab. */
async function backgroundTab(): Promise<BackgroundTab | undefined> {
  const tabs = await session.browser
    .currentWorker()
    .evaluate(() =>
      (
        globalThis as unknown as { __convexLens: { describe(): BackgroundTab[] } }
      ).__convexLens.describe(),
    );
  return tabs.find((tab) => tab.tabId === session.tabId);
}

/** Calls a method of the page's hostile handle (`window.hostile`) in the page. */
function hostile<K extends keyof HostilePageHandle>(
  method: K,
  ...args: Parameters<HostilePageHandle[K]>
): Promise<Awaited<ReturnType<HostilePageHandle[K]>>> {
  return page.evaluate(
    ({ method, args }) => {
      const handle = (window as unknown as { hostile: HostilePageHandle }).hostile;
      return (handle[method] as (...a: unknown[]) => unknown)(...args);
    },
    { method, args },
  ) as Promise<Awaited<ReturnType<HostilePageHandle[K]>>>;
}

/** Selects the listed call of `path` and returns its detail's text, once it shows that call. */
async function openDetail(path: string): Promise<string> {
  await panel
    .locator('[data-testid="call-list"] [role="option"]', {
      has: panel.locator('[data-col="function"]', { hasText: path }),
    })
    .first()
    .click();
  const detail = panel.getByTestId("call-detail");
  // The first value of the detail is the function path.
  await eventually(async () => expect(await detail.locator("dd").first().textContent()).toBe(path));
  return (await detail.textContent()) ?? "";
}

/** Types `filter` into the Calls tab's filter box. */
async function filterCalls(filter: string): Promise<void> {
  await panel.getByRole("tab", { name: /Calls/ }).click();
  await panel.getByLabel("Filter calls by text").fill(filter);
}

/** The function names the calls list shows now. */
function listedFunctions(): Promise<string[]> {
  return panel
    .locator('[data-testid="call-list"] [data-col="function"]')
    .evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ""));
}

const pollutionCheck = `(() => {
  const probe = {};
  return {
    inherited: ["polluted", "type", "source"].filter((key) => key in probe || key in []),
    prototypeKeys: Object.keys(Object.prototype).concat(Object.keys(Array.prototype)),
    pwned: globalThis.${PWNED_GLOBAL} ?? null,
  };
})()`;

/** What each world of the browser says about pollution and executed payloads. */
async function everyWorld(): Promise<Record<string, unknown>> {
  const worker = session.browser.currentWorker();
  return {
    page: await page.evaluate(pollutionCheck),
    contentScript: await world.evaluate(pollutionCheck),
    background: await worker.evaluate(pollutionCheck),
    panel: await panel.evaluate(pollutionCheck),
  };
}
const clean = { inherited: [], prototypeKeys: [], pwned: null };

beforeAll(async () => {
  session = await startExtensionSession(PAGE_ENTRY, "Convex Lens hostile page", "hostile");
  page = session.page;
  await session.browser.context.exposeBinding(XSS_BINDING, (_source, tag: unknown) => {
    fired.push(String(tag));
  });
  panel = await session.openPanel();
  await watchPanel(panel, XSS_BINDING);
  world = await contentScriptWorld(session.browser.context, page, session.browser.extensionId);
});

afterAll(async () => {
  await world?.detach().catch(() => {});
  await session?.close();
});

describe("a hostile page against the DevTools extension", () => {
  it("can be caught: a payload that ran would leave a trace in every world the test watches", async () => {
    // The detectors themselves work, so the assertions below cannot pass for want of a signal.
    // In the page's main world, the binding reports a call at once.
    await page.evaluate(
      ({ name, global }) => {
        const target = window as unknown as Record<string, unknown>;
        (target[name] as (tag: string) => void)("self-test");
        target[global] = "self-test";
      },
      { name: XSS_BINDING, global: PWNED_GLOBAL },
    );
    await eventually(() => expect(fired).toEqual(["self-test"]));
    // The binding is in the panel's page too, so a payload run there would report itself.
    expect(await panel.evaluate((name) => typeof (window as never)[name], XSS_BINDING)).toBe(
      "function",
    );
    // The global shows in the world that set it only: the content script's world is apart.
    await world.evaluate(`globalThis.${PWNED_GLOBAL} = "content"`);
    const seen = await everyWorld();
    expect(seen.page).toMatchObject({ pwned: "self-test" });
    expect(seen.contentScript).toMatchObject({ pwned: "content" });
    // In the panel, markup made from data is recorded as it is added, with its handler and the
    // CSP violation the handler causes.
    await panel.evaluate((payload) => {
      const probe = document.createElement("div");
      probe.id = "watch-self-test";
      probe.innerHTML = payload;
      document.body.append(probe);
    }, payloadsFor("self-test").img);
    await eventually(async () => {
      const findings = (await panelFindings(panel)).join("\n");
      expect(findings).toContain("<img> element");
      expect(findings).toContain("onerror attribute");
      expect(findings).toContain("CSP violation");
    });
    await panel.evaluate(() => document.getElementById("watch-self-test")?.remove());
    await clearPanelFindings(panel);
    await page.evaluate((global) => {
      delete (window as unknown as Record<string, unknown>)[global];
    }, PWNED_GLOBAL);
    await world.evaluate(`delete globalThis.${PWNED_GLOBAL}`);
    fired.length = 0;
  });

  it("shows markup, javascript: URLs and </script> in names, errors, log lines and attributes as text, and runs none of it", async () => {
    // Through the real SDK: hostile function names, a server log line and an app error.
    const paths = {
      img: `xss:${payloadsFor("path").img}`,
      svg: `xss:${payloadsFor("path").svg}`,
      url: `xss:${payloadsFor("path").javascriptUrl}`,
      script: `xss:${payloadsFor("path").script}`,
    };
    await hostile("call", paths.img, {});
    await hostile("call", paths.svg, { log: allPayloads("log") });
    await hostile("call", paths.url, { fail: allPayloads("error") });
    await hostile("call", paths.script, {});

    // Forged by a script on the page: every text field of every item kind carries payloads.
    const now = Date.now();
    const forged = {
      source: "convex-lens",
      v: 1,
      session: "forged",
      batch: [
        {
          type: "call",
          seq: 1,
          name: payloadsFor("name").script,
          functionPath: `xss:forged ${payloadsFor("forged").iframe}`,
          kind: "mutation",
          transport: "http",
          serverAddress: payloadsFor("server").javascriptUrl,
          startedAt: now,
          durationMs: 3,
          attempts: 2,
          attemptDetails: [
            {
              attempt: 1,
              startedAt: now,
              durationMs: 1,
              error: { code: payloadsFor("attempt").img, message: allPayloads("attempt") },
            },
          ],
          events: [
            {
              name: "convex.log",
              at: now,
              attributes: {
                level: "log",
                text: allPayloads("eventText"),
              },
            },
            {
              name: payloadsFor("eventName").img,
              at: now,
              attributes: { [payloadsFor("attrKey").svg]: payloadsFor("attrValue").javascriptUrl },
            },
          ],
          error: {
            code: payloadsFor("code").img,
            message: allPayloads("message"),
            userMessage: allPayloads("userMessage"),
            httpStatus: 500,
            retryable: false,
            requestId: payloadsFor("requestId").svg,
            appCode: payloadsFor("appCode").template,
          },
          traceId: payloadsFor("trace").img,
          spanId: payloadsFor("span").img,
          faultInjected: false,
          subscription: false,
          argsPreview: allPayloads("args"),
          resultPreview: allPayloads("result"),
        },
        {
          type: "span",
          seq: 2,
          traceId: "t",
          spanId: "s",
          name: payloadsFor("spanName").img,
          spanKind: "client",
          startedAt: now,
          durationMs: 2,
          status: "error",
          statusMessage: allPayloads("statusMessage"),
          scope: payloadsFor("scope").script,
          attributes: { "url.full": payloadsFor("spanUrl").javascriptUrl },
          events: [],
        },
        {
          type: "breaker",
          seq: 3,
          scope: payloadsFor("breaker").img,
          from: "closed",
          to: "open",
          reason: payloadsFor("reason").svg,
          at: now,
        },
        {
          type: "breakers",
          at: now,
          breakers: [
            {
              scope: payloadsFor("breakerScope").img,
              state: "open",
              failures: 1,
              calls: 1,
              slowCalls: 0,
              isolated: false,
              halfOpenInFlight: 0,
            },
          ],
        },
        {
          type: "health",
          seq: 4,
          status: payloadsFor("status").img,
          at: now,
          checks: [
            {
              name: payloadsFor("check").svg,
              status: "fail",
              value: 1,
              threshold: 0,
              message: allPayloads("checkMessage"),
            },
          ],
        },
        { type: "faults", seq: 5, at: now, config: { functions: payloadsFor("faults").img } },
      ],
    };
    await hostile("post", forged);

    // The list shows the names exactly, as characters.
    const forgedPath = forged.batch[0]?.functionPath as string;
    const expected = [paths.img, paths.svg, paths.url, paths.script, forgedPath];
    await filterCalls("xss:");
    await eventually(
      async () => expect((await listedFunctions()).sort()).toEqual(expected.sort()),
      {
        timeoutMs: 15_000,
      },
    );

    // Each call's detail shows its log lines, errors and attributes as text.
    expect(await openDetail(paths.svg)).toContain(allPayloads("log"));
    // ConvexError data is shown as its (redacted) JSON preview: the payload, quotes escaped.
    expect(await openDetail(paths.url)).toContain(JSON.stringify(allPayloads("error")));
    const forgedDetail = await openDetail(forgedPath);
    for (const text of [
      payloadsFor("name").script,
      payloadsFor("server").javascriptUrl,
      allPayloads("eventText"),
      payloadsFor("eventName").img,
      payloadsFor("attrKey").svg,
      payloadsFor("attrValue").javascriptUrl,
      allPayloads("attempt"),
      payloadsFor("code").img,
      allPayloads("message"),
      allPayloads("args"),
    ]) {
      expect(forgedDetail).toContain(text);
    }
    await panel.keyboard.press("Escape");

    // Every other view shows its hostile fields as text too.
    const viewText = async (tab: string): Promise<string> => {
      await panel.getByRole("tab", { name: new RegExp(`^${tab}`) }).click();
      return (await panel.locator('[role="tabpanel"]').textContent()) ?? "";
    };
    expect(await viewText("Errors")).toContain(payloadsFor("code").img);
    expect(await viewText("Breakers")).toContain(payloadsFor("breakerScope").img);
    expect(await viewText("Health")).toContain(payloadsFor("check").svg);
    expect(await viewText("Timeline")).toContain(payloadsFor("spanName").img);
    await viewText("Faults");

    // Nothing became markup or code anywhere.
    expect(await panelFindings(panel)).toEqual([]);
    expect(fired).toEqual([]);
    expect(await everyWorld()).toEqual({
      page: clean,
      contentScript: clean,
      background: clean,
      panel: clean,
    });
  });

  it("lets no prototype-polluting message pollute the content script, the background or the panel", async () => {
    // Computed keys make `__proto__` an own property, as JSON.parse does on the page.
    const pollute = { polluted: "yes", type: "call", source: "convex-lens" };
    const call = (path: string, seq: number, extra: Record<string, unknown> = {}) => ({
      type: "call",
      seq,
      name: `query ${path}`,
      functionPath: path,
      kind: "query",
      transport: "http",
      serverAddress: "x",
      startedAt: Date.now(),
      durationMs: 1,
      attempts: 1,
      attemptDetails: [],
      events: [],
      error: null,
      traceId: "",
      spanId: "",
      faultInjected: false,
      subscription: false,
      ...extra,
    });
    const envelope = (session: string, batch: unknown[]) => ({
      source: "convex-lens",
      v: 1,
      session,
      batch,
    });
    const messages = [
      // __proto__ on the envelope, on an item, and as attribute keys, beside valid calls.
      {
        ...envelope("proto", [
          { ["__proto__"]: pollute },
          call("proto:attributes", 1, {
            events: [
              {
                name: "e",
                at: 1,
                attributes: {
                  ["__proto__"]: pollute,
                  constructor: { prototype: pollute },
                  prototype: pollute,
                  kept: "yes",
                },
              },
            ],
          }),
          call("proto:constructor", 2, {
            constructor: { prototype: pollute },
            ["__proto__"]: pollute,
          }),
        ]),
        ["__proto__"]: pollute,
      },
      // An envelope whose every field is inherited: none of it is data.
      { ["__proto__"]: envelope("inherited", [call("proto:inherited", 1)]) },
      // Object.prototype's own keys as session, function and error code.
      envelope("__proto__", [
        call("__proto__", 1),
        call("constructor", 2, {
          error: {
            code: "__proto__",
            message: "m",
            userMessage: "u",
            httpStatus: null,
            retryable: false,
          },
        }),
      ]),
      envelope("constructor", [call("hasOwnProperty", 1)]),
    ];
    for (const message of messages) await hostile("postJson", JSON.stringify(message));
    await eventually(
      async () =>
        expect((await panelStore()).paths).toEqual(
          expect.arrayContaining([
            "proto:attributes",
            "proto:constructor",
            "__proto__",
            "constructor",
            "hasOwnProperty",
          ]),
        ),
      { timeoutMs: 15_000 },
    );
    // An inherited envelope is refused whole.
    expect((await panelStore()).paths).not.toContain("proto:inherited");
    // The attribute that was data is kept; the prototype keys are not.
    await filterCalls("proto:attributes");
    const detail = await openDetail("proto:attributes");
    expect(detail).toContain("kept");
    expect(detail).not.toContain("polluted");
    expect(detail).not.toContain("prototype");
    await panel.keyboard.press("Escape");

    expect(await everyWorld()).toEqual({
      page: clean,
      contentScript: clean,
      background: clean,
      panel: clean,
    });
    expect(await panelFindings(panel)).toEqual([]);
  });

  it("keeps every buffer of the background and the panel at its cap when a page overfills them", async () => {
    const before = (await panelStore()).lastId;
    const posted = await hostile("overfill", 120);
    await eventually(async () => expect((await panelStore()).lastId - before).toBe(posted), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    const panelState = await panel.evaluate(() => {
      const s = (globalThis as unknown as { __convexLensPanel: PanelStoreView }).__convexLensPanel;
      return {
        calls: [s.calls.size, s.calls.capacity],
        spans: [s.spans.size, s.spans.capacity],
        transitions: [s.transitions.size, s.transitions.capacity],
        healthChanges: [s.healthChanges.size, s.healthChanges.capacity],
        errorGroups: [s.errors.size, s.errors.maxGroups],
        functions: [s.functions.rows().length, s.functions.maxFunctions],
        sessions: [s.knownSessions().length, s.limits.sessions],
      };
    });
    // Each buffer was overfilled (more arrived than it holds) and holds exactly its cap.
    expect(panelState).toEqual({
      calls: [100_000, 100_000],
      spans: [10_000, 10_000],
      transitions: [500, 500],
      healthChanges: [500, 500],
      errorGroups: [500, 500],
      functions: [500, 500],
      sessions: [64, 64],
    });
    const tab = await backgroundTab();
    expect(tab).toBeDefined();
    // 20,000 items (whole batches are dropped, oldest first), ~32 MB, 16 sessions, 128 entries.
    expect(tab?.items).toBeGreaterThan(15_000);
    expect(tab?.items).toBeLessThanOrEqual(20_000);
    expect(tab?.weight).toBeLessThanOrEqual(32_000_000);
    expect(tab?.sessions.length).toBe(16);
    expect(tab?.stateEntries).toBeLessThanOrEqual(128);
    expect(tab?.stateEntries).toBeGreaterThan(100);
  });

  it("stays responsive, and keeps to its caps, through a flood of 1,000,000 messages", async () => {
    const before = (await panelStore()).lastId;
    await hostile("startTicking");
    const flood = hostile("flood", FLOOD_MESSAGES, 5_000);
    // Meanwhile the panel answers: each round trip into its page is timed.
    let floodDone = false;
    const finished = flood.finally(() => {
      floodDone = true;
    });
    const panelRoundTrips: number[] = [];
    while (!floodDone) {
      const start = performance.now();
      await panel.evaluate(() => document.querySelectorAll("[role=option]").length);
      panelRoundTrips.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const floodMs = await finished;
    const ticks: Ticks = await hostile("stopTicking");
    console.info(
      `flood of ${FLOOD_MESSAGES.toLocaleString("en-US")} messages: ${Math.round(floodMs)} ms; ` +
        `page ticks ${JSON.stringify(ticks)}; panel round trips max ${Math.round(Math.max(...panelRoundTrips))} ms`,
    );

    // The page kept ticking: its timers ran throughout, at least twice a second on average and
    // never more than MAX_TICK_GAP_MS apart (a task of 5,000 posts and their dispatch is short).
    expect(ticks.intervals).toBeGreaterThan(floodMs / 500);
    expect(ticks.maxIntervalGapMs).toBeLessThan(MAX_TICK_GAP_MS);
    if (ticks.visibility === "visible") {
      expect(ticks.frames).toBeGreaterThan(0);
      expect(ticks.maxFrameGapMs).toBeLessThan(MAX_TICK_GAP_MS);
    }
    // The panel answered throughout.
    expect(panelRoundTrips.length).toBeGreaterThan(0);
    expect(Math.max(...panelRoundTrips)).toBeLessThan(2_000);

    // The relay passed at most 1,000 messages a second (a quarter of the flood is valid calls).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await panelStore();
    const arrived = after.lastId - before;
    expect(arrived).toBeGreaterThan(0);
    expect(arrived).toBeLessThanOrEqual(1_000 * Math.ceil(floodMs / 1_000 + 2));
    expect(after.sizeWithinCap).toBe(true);
    const tab = await backgroundTab();
    expect(tab?.items).toBeLessThanOrEqual(20_000);

    // Afterwards the panel still works for its user: a filter shows the flood's calls, a command
    // reaches the page and its answer comes back, and the page's next real call is listed.
    await filterCalls("flood:f7");
    await eventually(async () => {
      const listed = await listedFunctions();
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.filter((path) => !path.startsWith("flood:f7"))).toEqual([]);
    });
    expect(await panelFindings(panel)).toEqual([]);

    // A panel opened afterwards loads the background's capped history and reaches the page: a
    // command goes to the page and its answer comes back, and the page's next call is listed.
    // (Reopened because the forged sessions of the overfill, which say their page refuses
    // commands, are the latest the old panel saw; the reopened panel greets the real page.)
    await panel.close();
    panel = await session.openPanel();
    await watchPanel(panel, XSS_BINDING);
    // Commands act only on breakers of functions that ran (forged commands cannot fill the
    // registry), so the page calls the function first.
    await hostile("call", "after:flood", {});
    await panel.getByRole("tab", { name: /Breakers/ }).click();
    await panel.getByLabel("Breaker scope").fill("after:flood");
    await panel
      .getByRole("button", { name: "Trip", exact: true })
      .first()
      .click({ timeout: 10_000 });
    await eventually(
      async () =>
        expect(await panel.getByTestId("toolbar-message").textContent()).toBe(
          "Trip breaker after:flood: done",
        ),
      { timeoutMs: 10_000 },
    );
    expect(await hostile("breakerState", "after:flood")).toBe("open");
    await hostile("call", "after:flood-call", {});
    await filterCalls("after:flood-call");
    await eventually(async () => expect(await listedFunctions()).toEqual(["after:flood-call"]), {
      timeoutMs: 10_000,
    });
    expect(await panelFindings(panel)).toEqual([]);
    expect(fired).toEqual([]);
  });
});
