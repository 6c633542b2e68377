import { isPageMessage, validateMessage, type WireItem } from "@convex-lens/sdk/devtools-protocol";
import type {
  BackgroundToContent,
  BackgroundToPanel,
  ContentToBackground,
  PanelToBackground,
  SessionBatch,
} from "../shared/portMessages";
import type { RuntimePort } from "../shared/runtimePort";

/** Limits of what the background keeps, per tab and overall. */
export interface TabHubLimits {
  /** History items kept per tab (calls, spans, transitions…); the oldest batches go first. */
  maxItemsPerTab: number;
  /** Validator weight (≈ characters) kept per tab. */
  maxWeightPerTab: number;
  /** Tabs whose history is kept at once; the least recently updated one is emptied first. */
  maxTabsWithHistory: number;
  /** Batches per history message sent to a panel on attach. */
  historyChunk: number;
}

/** Defaults: 20,000 items and ~32 MB of text per tab, for at most 16 tabs. */
export const defaultTabHubLimits: TabHubLimits = {
  maxItemsPerTab: 20_000,
  maxWeightPerTab: 32_000_000,
  maxTabsWithHistory: 16,
  historyChunk: 50,
};

// Sessions whose last seq is remembered per tab (a page may hold a few lenses; reloads add more).
const MAX_SESSIONS_PER_TAB = 16;
// Latest-state entries per tab: a few item types for each remembered session.
const MAX_STATE_ENTRIES_PER_TAB = 128;

interface StoredBatch {
  readonly batch: SessionBatch;
  readonly weight: number;
}

interface TabState {
  readonly tabId: number;
  content: RuntimePort | null;
  documentId: string | null;
  /** The page's address, as its content script reported it (for tests and debugging). */
  url: string | null;
  readonly panels: Set<RuntimePort>;
  preserveLog: boolean;
  history: StoredBatch[];
  items: number;
  weight: number;
  /** The latest state item per session and type (breakers, metrics, health, session…). */
  readonly state: Map<string, { session: string; item: WireItem }>;
  readonly lastSeq: Map<string, number>;
  lastSession: string | null;
  updatedAt: number;
}

/** What `describe()` returns for one tab: for tests (`worker.evaluate`) and debugging. */
export interface TabSummary {
  tabId: number;
  /** Latest-state entries held (breakers, metrics, health… per session). */
  stateEntries: number;
  url: string | null;
  panels: number;
  contentConnected: boolean;
  preserveLog: boolean;
  items: number;
  weight: number;
  sessions: string[];
  lastSession: string | null;
  lastSeq: number;
}

/**
 * The background's routing and buffering, apart from the chrome.* wiring so it can be tested.
 *
 * Per tab: the content script's port, the panels' ports, and a bounded history of what the page
 * sent. The history outlives the panel (close and reopen: it is replayed) and, with "preserve
 * log", a reload. When the first panel of a tab attaches, the content script is told to wake the
 * page (hello, resuming after the last seq held); when the last one leaves, to let it sleep (bye).
 */
export class TabHub {
  private readonly tabs = new Map<number, TabState>();
  private clock = 0;

  constructor(private readonly limits: TabHubLimits = defaultTabHubLimits) {}

  /** A content script connected from the top frame of `tabId`. */
  connectContent(port: RuntimePort, tabId: number): void {
    const tab = this.tab(tabId);
    port.onMessage.addListener((raw) =>
      this.onContentMessage(tab, port, raw as ContentToBackground),
    );
    port.onDisconnect.addListener(() => {
      if (tab.content !== port) return;
      tab.content = null;
      this.toPanels(tab, { kind: "status", pageConnected: false });
    });
  }

  /** A panel connected; it names its tab in its first message. */
  connectPanel(port: RuntimePort): void {
    let tab: TabState | null = null;
    port.onMessage.addListener((raw) => {
      const message = raw as PanelToBackground;
      if (message.kind === "attach") {
        if (tab !== null) {
          // Attaching again to the same tab asks for the history again.
          if (message.tabId === tab.tabId) this.sendHistory(tab, port);
          return;
        }
        if (!Number.isSafeInteger(message.tabId)) return;
        tab = this.tab(message.tabId);
        this.attachPanel(tab, port, message.preserveLog === true);
        return;
      }
      if (tab !== null) this.onPanelMessage(tab, message);
    });
    port.onDisconnect.addListener(() => {
      if (tab === null) return;
      tab.panels.delete(port);
      if (tab.panels.size === 0) this.toContent(tab, { kind: "panel", open: false });
    });
  }

  /** The tab closed: forget it. */
  removeTab(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    this.toPanels(tab, { kind: "status", pageConnected: false });
    this.tabs.delete(tabId);
  }

  /** A summary of every tab. */
  describe(): TabSummary[] {
    return [...this.tabs.values()].map((tab) => ({
      tabId: tab.tabId,
      stateEntries: tab.state.size,
      url: tab.url,
      panels: tab.panels.size,
      contentConnected: tab.content !== null,
      preserveLog: tab.preserveLog,
      items: tab.items,
      weight: tab.weight,
      sessions: [...tab.lastSeq.keys()],
      lastSession: tab.lastSession,
      lastSeq: tab.lastSession === null ? 0 : (tab.lastSeq.get(tab.lastSession) ?? 0),
    }));
  }

  private tab(tabId: number): TabState {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      tab = {
        tabId,
        content: null,
        documentId: null,
        url: null,
        panels: new Set(),
        preserveLog: false,
        history: [],
        items: 0,
        weight: 0,
        state: new Map(),
        lastSeq: new Map(),
        lastSession: null,
        updatedAt: 0,
      };
      this.tabs.set(tabId, tab);
    }
    return tab;
  }

  private onContentMessage(tab: TabState, port: RuntimePort, message: ContentToBackground): void {
    if (typeof message !== "object" || message === null) return;
    if (message.kind === "connect") {
      const navigated = tab.documentId !== null && tab.documentId !== message.documentId;
      if (navigated && !tab.preserveLog) {
        this.forget(tab, true);
        this.toPanels(tab, { kind: "reset", reason: "navigated" });
      }
      tab.documentId = typeof message.documentId === "string" ? message.documentId : null;
      tab.url = typeof message.url === "string" ? message.url.slice(0, 2_048) : null;
      tab.content = port;
      this.toPanels(tab, { kind: "status", pageConnected: true });
      if (tab.panels.size > 0) this.toContent(tab, this.panelOpen(tab));
      return;
    }
    if (message.kind !== "page" || tab.content !== port) return;
    // Checked again here: a port message is only as trustworthy as the renderer that sent it.
    const result = validateMessage(message.message);
    if (!result.ok || !isPageMessage(result.message)) return;
    const { session, batch } = result.message;
    this.store(tab, session, batch, result.weight);
    this.toPanels(tab, { kind: "batch", batch: { session, items: batch } });
  }

  private store(tab: TabState, session: string, items: WireItem[], weight: number): void {
    const history: WireItem[] = [];
    let lastSeq = tab.lastSeq.get(session) ?? 0;
    for (const item of items) {
      if (item.type === "result") continue;
      const seq = "seq" in item ? item.seq : undefined;
      if (seq === undefined) {
        const key = `${session}\u0000${item.type}`;
        tab.state.delete(key);
        if (tab.state.size >= MAX_STATE_ENTRIES_PER_TAB) {
          const oldest = tab.state.keys().next().value;
          if (oldest !== undefined) tab.state.delete(oldest);
        }
        tab.state.set(key, { session, item });
        continue;
      }
      if (seq > lastSeq) lastSeq = seq;
      history.push(item);
    }
    if (!tab.lastSeq.has(session) && tab.lastSeq.size >= MAX_SESSIONS_PER_TAB) {
      const oldest = tab.lastSeq.keys().next().value;
      if (oldest !== undefined) tab.lastSeq.delete(oldest);
    }
    tab.lastSeq.set(session, lastSeq);
    tab.lastSession = session;
    tab.updatedAt = ++this.clock;
    if (history.length === 0) return;
    tab.history.push({ batch: { session, items: history }, weight });
    tab.items += history.length;
    tab.weight += weight;
    while (
      tab.history.length > 1 &&
      (tab.items > this.limits.maxItemsPerTab || tab.weight > this.limits.maxWeightPerTab)
    ) {
      const dropped = tab.history.shift() as StoredBatch;
      tab.items -= dropped.batch.items.length;
      tab.weight -= dropped.weight;
    }
    this.limitTabsWithHistory(tab);
  }

  private limitTabsWithHistory(current: TabState): void {
    const withHistory = [...this.tabs.values()].filter((tab) => tab.history.length > 0);
    if (withHistory.length <= this.limits.maxTabsWithHistory) return;
    withHistory.sort((a, b) => a.updatedAt - b.updatedAt);
    for (const tab of withHistory.slice(0, withHistory.length - this.limits.maxTabsWithHistory)) {
      if (tab !== current) this.forget(tab, false);
    }
  }

  private forget(tab: TabState, everything: boolean): void {
    tab.history = [];
    tab.items = 0;
    tab.weight = 0;
    if (everything) {
      tab.state.clear();
      tab.lastSeq.clear();
      tab.lastSession = null;
    }
  }

  private attachPanel(tab: TabState, port: RuntimePort, preserveLog: boolean): void {
    tab.panels.add(port);
    tab.preserveLog = preserveLog;
    this.sendHistory(tab, port);
    send(port, { kind: "status", pageConnected: tab.content !== null } satisfies BackgroundToPanel);
    if (tab.panels.size === 1) this.toContent(tab, this.panelOpen(tab));
  }

  private sendHistory(tab: TabState, port: RuntimePort): void {
    const batches: SessionBatch[] = tab.history.map((stored) => stored.batch);
    for (const { session, item } of tab.state.values()) batches.push({ session, items: [item] });
    const chunk = this.limits.historyChunk;
    if (batches.length === 0) {
      send(port, { kind: "history", batches: [], done: true } satisfies BackgroundToPanel);
      return;
    }
    for (let i = 0; i < batches.length; i += chunk) {
      const message: BackgroundToPanel = {
        kind: "history",
        batches: batches.slice(i, i + chunk),
        done: i + chunk >= batches.length,
      };
      if (!send(port, message)) return;
    }
  }

  private onPanelMessage(tab: TabState, message: PanelToBackground): void {
    switch (message.kind) {
      case "command":
        if (!this.toContent(tab, { kind: "command", id: message.id, command: message.command })) {
          this.toPanels(tab, {
            kind: "batch",
            batch: {
              session: tab.lastSession ?? "",
              items: [
                {
                  type: "result",
                  id: message.id,
                  ok: false,
                  error: {
                    code: "PAGE_UNREACHABLE",
                    message: "The page is not connected (reload it?).",
                  },
                },
              ],
            },
          });
        }
        return;
      case "clear":
        this.forget(tab, false);
        this.toPanels(tab, { kind: "reset", reason: "cleared" });
        for (const panel of tab.panels) this.sendHistory(tab, panel);
        this.toContent(tab, { kind: "command", id: "clear", command: { name: "clear" } });
        return;
      case "preserveLog":
        tab.preserveLog = message.value === true;
        return;
      default:
        return;
    }
  }

  private panelOpen(tab: TabState): BackgroundToContent {
    const message: BackgroundToContent = { kind: "panel", open: true };
    if (tab.lastSession !== null) {
      message.session = tab.lastSession;
      message.since = tab.lastSeq.get(tab.lastSession) ?? 0;
    }
    return message;
  }

  private toContent(tab: TabState, message: BackgroundToContent): boolean {
    return tab.content !== null && send(tab.content, message);
  }

  private toPanels(tab: TabState, message: BackgroundToPanel): void {
    for (const panel of tab.panels) send(panel, message);
  }
}

function send(port: RuntimePort, message: unknown): boolean {
  try {
    port.postMessage(message);
    return true;
  } catch {
    // The port closed; its onDisconnect cleans up.
    return false;
  }
}
