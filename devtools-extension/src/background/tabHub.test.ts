import { PAGE_SOURCE, PROTOCOL_VERSION, type WireCall } from "@convex-lens/sdk/devtools-protocol";
import { beforeEach, describe, expect, it } from "vitest";
import { FakePort } from "../shared/test-support/fakePort";
import { defaultTabHubLimits, TabHub, type TabHubLimits } from "./tabHub";

const TAB = 7;

function call(seq: number, extra: Partial<WireCall> = {}): WireCall {
  return {
    type: "call",
    seq,
    name: "query messages:list",
    functionPath: "messages:list",
    kind: "query",
    transport: "websocket",
    serverAddress: "x",
    startedAt: seq,
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
  };
}

function page(session: string, batch: unknown[]) {
  return { kind: "page", message: { source: PAGE_SOURCE, v: PROTOCOL_VERSION, session, batch } };
}

let hub: TabHub;

function content(tabId = TAB, documentId = "doc-1", url = "http://app/"): FakePort {
  const port = new FakePort("convex-lens-content");
  hub.connectContent(port, tabId);
  port.deliver({ kind: "connect", documentId, url });
  return port;
}

function panel(tabId = TAB, preserveLog = false): FakePort {
  const port = new FakePort("convex-lens-panel");
  hub.connectPanel(port);
  port.deliver({ kind: "attach", tabId, preserveLog });
  return port;
}

function historyItems(port: FakePort): unknown[] {
  return port
    .sentOfKind("history")
    .flatMap((m) => (m.batches as { items: unknown[] }[]).flatMap((b) => b.items));
}

function start(limits: Partial<TabHubLimits> = {}) {
  hub = new TabHub({ ...defaultTabHubLimits, ...limits });
}

beforeEach(() => start());

describe("the background's tab hub", () => {
  it("tells the page to wake when the first panel opens and to sleep when the last one closes", () => {
    const c = content();
    const p1 = panel();
    const p2 = panel();
    expect(c.sentOfKind("panel")).toEqual([{ kind: "panel", open: true }]);
    p1.drop();
    expect(c.sentOfKind("panel")).toHaveLength(1);
    p2.drop();
    expect(c.sentOfKind("panel").at(-1)).toEqual({ kind: "panel", open: false });
  });

  it("tells the tab's panels, and a panel that opens later, that the page's bridge is off, until another document loads", () => {
    const c = content();
    const p1 = panel();
    c.deliver({ kind: "bridgeOff" });
    expect(p1.sentOfKind("status").at(-1)).toEqual({
      kind: "status",
      pageConnected: true,
      bridgeOff: true,
    });
    const p2 = panel();
    expect(p2.sentOfKind("status").at(-1)).toMatchObject({ bridgeOff: true });
    content(TAB, "doc-2");
    expect(p1.sentOfKind("status").at(-1)).toEqual({ kind: "status", pageConnected: true });
  });

  it("forwards the page's batches to every panel of the tab, and only of that tab", () => {
    const c = content();
    const mine = panel();
    const other = panel(99);
    c.deliver(page("s1", [call(1)]));
    expect(mine.sentOfKind("batch")).toEqual([
      { kind: "batch", batch: { session: "s1", origin: "http://app", items: [call(1)] } },
    ]);
    expect(other.sentOfKind("batch")).toEqual([]);
  });

  it("replays its history to a panel that opens later, and asks the page only for what is newer", () => {
    const c = content();
    const first = panel();
    c.deliver(page("s1", [call(1), call(2), { type: "breakers", at: 5, breakers: [] }]));
    first.drop();
    const second = panel();
    expect(historyItems(second)).toEqual([
      call(1),
      call(2),
      { type: "breakers", at: 5, breakers: [] },
    ]);
    expect(second.sentOfKind("history").at(-1)?.done).toBe(true);
    expect(c.sentOfKind("panel").at(-1)).toEqual({
      kind: "panel",
      open: true,
      session: "s1",
      since: 2,
    });
  });

  it("revalidates what the content script sends and drops what fails", () => {
    const c = content();
    const p = panel();
    c.deliver({ kind: "page", message: { source: PAGE_SOURCE, v: 1, batch: [call(1)] } });
    c.deliver(page("s1", [call(1), { type: "call", name: "<script>" }]));
    expect(p.sentOfKind("batch")).toEqual([
      { kind: "batch", batch: { session: "s1", origin: "http://app", items: [call(1)] } },
    ]);
  });

  it("keeps at most its item cap per tab, dropping the oldest batches", () => {
    start({ maxItemsPerTab: 10 });
    const c = content();
    for (let i = 1; i <= 25; i++) c.deliver(page("s1", [call(i)]));
    const summary = hub.describe()[0];
    expect(summary?.items).toBe(10);
    const p = panel();
    expect(historyItems(p).map((item) => (item as WireCall).seq)).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]);
  });

  it("keeps at most its weight cap per tab", () => {
    start({ maxWeightPerTab: 30_000 });
    const c = content();
    for (let i = 1; i <= 20; i++)
      c.deliver(page("s1", [call(i, { argsPreview: "a".repeat(5_000) })]));
    expect(hub.describe()[0]?.weight).toBeLessThanOrEqual(30_000);
    expect(hub.describe()[0]?.items).toBeGreaterThan(0);
  });

  it("keeps history for a bounded number of tabs, emptying the least recently updated", () => {
    start({ maxTabsWithHistory: 2 });
    for (const tabId of [1, 2, 3]) content(tabId).deliver(page(`s${tabId}`, [call(1)]));
    const items = Object.fromEntries(hub.describe().map((t) => [t.tabId, t.items]));
    expect(items).toEqual({ 1: 0, 2: 1, 3: 1 });
  });

  it("keeps a bounded number of latest-state entries however many page sessions come and go", () => {
    const c = content();
    for (let i = 0; i < 500; i++) {
      c.deliver(
        page(`s${i}`, [
          { type: "breakers", at: i, breakers: [] },
          { type: "metrics", at: i, functions: [] },
        ]),
      );
    }
    const summary = hub.describe()[0];
    expect(summary?.stateEntries).toBeLessThanOrEqual(128);
    expect(summary?.sessions.length).toBeLessThanOrEqual(16);
    const p = panel();
    expect(historyItems(p).at(-1)).toEqual({ type: "metrics", at: 499, functions: [] });
  });

  it("forgets the history when the page navigates, unless the log is preserved", () => {
    const c = content();
    const p = panel();
    c.deliver(page("s1", [call(1)]));
    content(TAB, "doc-2");
    expect(p.sentOfKind("reset")).toEqual([{ kind: "reset", reason: "navigated" }]);
    expect(hub.describe()[0]?.items).toBe(0);

    const kept = panel(8, true);
    const c8 = content(8, "doc-a");
    c8.deliver(page("a", [call(1)]));
    content(8, "doc-b");
    expect(kept.sentOfKind("reset")).toEqual([]);
    expect(hub.describe().find((t) => t.tabId === 8)?.items).toBe(1);
  });

  it("does not treat a reconnection of the same document as a navigation", () => {
    const c = content();
    const p = panel();
    c.deliver(page("s1", [call(1)]));
    c.drop();
    content(TAB, "doc-1");
    expect(p.sentOfKind("reset")).toEqual([]);
    expect(p.sentOfKind("status").map((s) => s.pageConnected)).toEqual([true, false, true]);
  });

  it("routes commands to the page, and answers at once when the page is unreachable", () => {
    const p = panel();
    p.deliver({ kind: "command", id: "c1", command: { name: "clearFaults" } });
    expect(p.sentOfKind("batch").at(-1)).toMatchObject({
      batch: {
        items: [{ type: "result", id: "c1", ok: false, error: { code: "PAGE_UNREACHABLE" } }],
      },
    });
    const c = content();
    p.deliver({ kind: "command", id: "c2", command: { name: "isolateBreaker", scope: "a:b" } });
    expect(c.sentOfKind("command")).toEqual([
      { kind: "command", id: "c2", command: { name: "isolateBreaker", scope: "a:b" } },
    ]);
  });

  it("clears the history but keeps current state, and clears the page's buffer too", () => {
    const c = content();
    const p = panel();
    c.deliver(page("s1", [call(1), { type: "breakers", at: 5, breakers: [] }]));
    p.deliver({ kind: "clear" });
    expect(p.sentOfKind("reset")).toEqual([{ kind: "reset", reason: "cleared" }]);
    expect(historyItems(p).slice(-1)).toEqual([{ type: "breakers", at: 5, breakers: [] }]);
    expect(c.sentOfKind("command")).toEqual([
      { kind: "command", id: "clear", command: { name: "clear" } },
    ]);
    expect(hub.describe()[0]?.items).toBe(0);
  });

  it("sends its history again when a panel attaches again (back from an imported file)", () => {
    const c = content();
    const p = panel();
    c.deliver(page("s1", [call(1)]));
    p.deliver({ kind: "attach", tabId: TAB, preserveLog: false });
    expect(historyItems(p)).toEqual([call(1)]);
  });

  it("forgets a closed tab", () => {
    content();
    const p = panel();
    hub.removeTab(TAB);
    expect(hub.describe()).toEqual([]);
    expect(p.sentOfKind("status").at(-1)).toEqual({ kind: "status", pageConnected: false });
  });

  it("survives a panel that vanished mid-send", () => {
    const c = content();
    const p = panel();
    p.broken = true;
    expect(() => c.deliver(page("s1", [call(1)]))).not.toThrow();
  });

  describe("after a navigation with the log preserved", () => {
    function navigatedToAnotherOrigin() {
      const p = panel(TAB, true);
      const app = content(TAB, "doc-app", "https://bank.example/account#token");
      app.deliver(page("s-app", [call(1), call(2)]));
      const evil = content(TAB, "doc-evil", "https://evil.example/");
      return { p, app, evil };
    }

    it("does not tell the new page the old page's session id or seq", () => {
      const { evil } = navigatedToAnotherOrigin();
      expect(evil.sentOfKind("panel")).toEqual([{ kind: "panel", open: true }]);
    });

    it("refuses items the new page sends under the old page's session", () => {
      const { p, evil } = navigatedToAnotherOrigin();
      evil.deliver(page("s-app", [call(3, { functionPath: "payments:transfer" })]));
      expect(p.sentOfKind("batch").map((m) => (m.batch as { origin: string }).origin)).toEqual([
        "https://bank.example",
      ]);
      expect(hub.describe()[0]?.refused).toBe(1);
      const later = panel(TAB, true);
      expect(historyItems(later)).toEqual([call(1), call(2)]);
    });

    it("keeps the old session labelled with its origin, and the new page's in a session of its own", () => {
      const { p, evil } = navigatedToAnotherOrigin();
      evil.deliver(page("s-evil", [call(1, { functionPath: "payments:transfer" })]));
      expect(hub.describe()[0]).toMatchObject({
        sessions: ["s-app", "s-evil"],
        origins: ["https://bank.example", "https://evil.example"],
      });
      expect(p.sentOfKind("batch").at(-1)?.batch).toMatchObject({
        session: "s-evil",
        origin: "https://evil.example",
      });
    });
  });

  it("labels batches with the origin the browser reported, not the one the page claims", () => {
    const port = new FakePort("convex-lens-content");
    hub.connectContent(port, TAB, "https://real.example");
    port.deliver({ kind: "connect", documentId: "doc-1", url: "https://claimed.example/" });
    const p = panel();
    port.deliver(page("s1", [call(1), { type: "breakers", at: 5, breakers: [] }]));
    expect(p.sentOfKind("batch").at(-1)?.batch).toMatchObject({ origin: "https://real.example" });
    const later = panel();
    const replayed = later.sentOfKind("history").flatMap((m) => m.batches as { origin?: string }[]);
    expect(replayed.map((batch) => batch.origin)).toEqual([
      "https://real.example",
      "https://real.example",
    ]);
  });

  it("still resumes the same document where it left off after its port reconnects", () => {
    const c = content();
    const p = panel();
    c.deliver(page("s1", [call(1), call(2)]));
    c.drop();
    const again = content(TAB, "doc-1");
    expect(again.sentOfKind("panel")).toEqual([
      { kind: "panel", open: true, session: "s1", since: 2 },
    ]);
    expect(p.sentOfKind("reset")).toEqual([]);
  });
});
