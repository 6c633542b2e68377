import { isPageMessage, validateMessage, type WireItem } from "@convex-lens/sdk/devtools-protocol";
import { BoundedMap } from "../shared/boundedMap";
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

// Sessions remembered per tab (a page may hold a few lenses; reloads add more).
const MAX_SESSIONS_PER_TAB = 16;
// Longest origin kept (an origin is scheme, host and port: far shorter in practice).
const MAX_ORIGIN_LENGTH = 512;
// Latest-state entries per tab: a few item types for each remembered session.
const MAX_STATE_ENTRIES_PER_TAB = 128;

/** The document a content port speaks for, fixed when it connects. */
interface PageSource {
  readonly document: string;
  readonly origin: string;
}

/** What the hub knows of one page session: where it resumes, and the document that owns it. */
interface SessionRecord {
  lastSeq: number;
  /** The document that sent the session's first items; no other document may add to it. */
  readonly document: string;
  readonly origin: string;
}

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
  readonly state: BoundedMap<string, { session: string; item: WireItem }>;
  readonly sessions: BoundedMap<string, SessionRecord>;
  lastSession: string | null;
  /** Batches refused because they named a session another document owns. */
  refused: number;
  updatedAt: number;
  /** The current document marked itself as having the SDK with its bridge off. */
  bridgeOff: boolean;
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
  /** Origin of each remembered session, in the order of `sessions`. */
  origins: string[];
  /** Batches refused because they named a session another document owns. */
  refused: number;
}

/**
 * The background's routing and buffering, apart from the chrome.* wiring so it can be tested.
 *
 * Per tab: the content script's port, the panels' ports, and a bounded history of what the page
 * sent. The history outlives the panel (close and reopen: it is replayed) and, with "preserve
 * log", a reload. When the first panel of a tab attaches, the content script is told to wake the
 * page (hello, resuming after the last seq held); when the last one leaves, to let it sleep (bye).
 *
 * Each session belongs to the document that sent it first. After a navigation (with "preserve
 * log") the new document is never told an old session's id or seq, and a batch that names a
 * session of another document is refused: a page cannot add items to a session it does not own.
 * Every forwarded batch carries the sending document's origin as the browser reported it.
 */
export class TabHub {
  private readonly tabs = new Map<number, TabState>();
  private clock = 0;

  constructor(private readonly limits: TabHubLimits = defaultTabHubLimits) {}

  /**
   * A content script connected from the top frame of `tabId`. `senderOrigin` is the origin
   * Chrome reports for the port (`port.sender.origin`); without it, the origin of the URL the
   * content script reports is used (the isolated world reads the real location, not the page's).
   */
  connectContent(port: RuntimePort, tabId: number, senderOrigin?: string): void {
    const tab = this.tab(tabId);
    let source: PageSource | null = null;
    port.onMessage.addListener((raw) => {
      const message = raw as ContentToBackground;
      if (typeof message !== "object" || message === null) return;
      if (message.kind === "connect") {
        source = this.onConnect(tab, port, message, senderOrigin);
        return;
      }
      if (message.kind === "page" && tab.content === port && source !== null) {
        this.onPageMessage(tab, source, message.message);
      }
      if (message.kind === "bridgeOff" && tab.content === port && !tab.bridgeOff) {
        tab.bridgeOff = true;
        this.toPanels(tab, statusOf(tab));
      }
    });
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
      sessions: [...tab.sessions.keys()],
      lastSession: tab.lastSession,
      lastSeq: tab.lastSession === null ? 0 : (tab.sessions.get(tab.lastSession)?.lastSeq ?? 0),
      origins: [...tab.sessions.values()].map((record) => record.origin),
      refused: tab.refused,
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
        state: new BoundedMap(MAX_STATE_ENTRIES_PER_TAB),
        sessions: new BoundedMap(MAX_SESSIONS_PER_TAB),
        lastSession: null,
        refused: 0,
        updatedAt: 0,
        bridgeOff: false,
      };
      this.tabs.set(tabId, tab);
    }
    return tab;
  }

  private onConnect(
    tab: TabState,
    port: RuntimePort,
    message: Extract<ContentToBackground, { kind: "connect" }>,
    senderOrigin: string | undefined,
  ): PageSource | null {
    if (typeof message.documentId !== "string" || typeof message.url !== "string") return null;
    const navigated = tab.documentId !== null && tab.documentId !== message.documentId;
    if (navigated && !tab.preserveLog) {
      this.forget(tab, true);
      this.toPanels(tab, { kind: "reset", reason: "navigated" });
    }
    // A new document says for itself whether its bridge is off.
    if (tab.documentId !== message.documentId) tab.bridgeOff = false;
    tab.documentId = message.documentId;
    tab.url = message.url.slice(0, 2_048);
    tab.content = port;
    this.toPanels(tab, statusOf(tab));
    if (tab.panels.size > 0) this.toContent(tab, this.panelOpen(tab));
    const origin = (senderOrigin ?? originOf(message.url)).slice(0, MAX_ORIGIN_LENGTH);
    return { document: message.documentId, origin };
  }

  private onPageMessage(tab: TabState, source: PageSource, raw: unknown): void {
    // Checked again here: a port message is only as trustworthy as the renderer that sent it.
    const result = validateMessage(raw);
    if (!result.ok || !isPageMessage(result.message)) return;
    const { session, batch } = result.message;
    const owner = tab.sessions.get(session);
    if (owner !== undefined && owner.document !== source.document) {
      tab.refused++;
      return;
    }
    this.store(tab, source, session, batch, result.weight);
    this.toPanels(tab, { kind: "batch", batch: { session, origin: source.origin, items: batch } });
  }

  private store(
    tab: TabState,
    source: PageSource,
    session: string,
    items: WireItem[],
    weight: number,
  ): void {
    const history: WireItem[] = [];
    let lastSeq = tab.sessions.get(session)?.lastSeq ?? 0;
    for (const item of items) {
      if (item.type === "result") continue;
      const seq = "seq" in item ? item.seq : undefined;
      if (seq === undefined) {
        const key = `${session}\u0000${item.type}`;
        // Deleted first, so the latest item of a key is the newest entry, the last to go.
        tab.state.delete(key);
        tab.state.set(key, { session, item });
        continue;
      }
      if (seq > lastSeq) lastSeq = seq;
      history.push(item);
    }
    const record = tab.sessions.get(session);
    if (record !== undefined) record.lastSeq = lastSeq;
    else tab.sessions.set(session, { lastSeq, document: source.document, origin: source.origin });
    tab.lastSession = session;
    tab.updatedAt = ++this.clock;
    if (history.length === 0) return;
    tab.history.push({ batch: { session, origin: source.origin, items: history }, weight });
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
      tab.sessions.clear();
      tab.lastSession = null;
    }
  }

  private attachPanel(tab: TabState, port: RuntimePort, preserveLog: boolean): void {
    tab.panels.add(port);
    tab.preserveLog = preserveLog;
    this.sendHistory(tab, port);
    send(port, statusOf(tab));
    if (tab.panels.size === 1) this.toContent(tab, this.panelOpen(tab));
  }

  private sendHistory(tab: TabState, port: RuntimePort): void {
    const batches: SessionBatch[] = tab.history.map((stored) => stored.batch);
    for (const { session, item } of tab.state.values()) {
      const origin = tab.sessions.get(session)?.origin;
      batches.push(
        origin === undefined ? { session, items: [item] } : { session, origin, items: [item] },
      );
    }
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
    // Only the document that owns the session hears where it resumes: after a navigation, the
    // new page must not learn the old page's session id (with it, it could add to that session).
    const record = tab.lastSession === null ? undefined : tab.sessions.get(tab.lastSession);
    if (tab.lastSession !== null && record?.document === tab.documentId) {
      message.session = tab.lastSession;
      message.since = record.lastSeq;
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

/** The page's status as a panel is told it: connected or not, and whether its bridge is off. */
function statusOf(tab: TabState): BackgroundToPanel {
  const status: BackgroundToPanel = { kind: "status", pageConnected: tab.content !== null };
  if (tab.bridgeOff) status.bridgeOff = true;
  return status;
}

/** The origin of `url`, or "null" (the opaque origin) when it has none. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "null";
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
