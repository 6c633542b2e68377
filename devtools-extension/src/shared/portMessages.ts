import type { DevtoolsCommand, PageMessage, WireItem } from "@convex-lens/sdk/devtools-protocol";

// Messages inside the extension, over chrome.runtime ports. Their page-borne data was validated
// by the content script before it entered a port, and is validated again by the background.

/** Name of the port a content script opens to the background. */
export const CONTENT_PORT = "convex-lens-content";
/** Name of the port a panel opens to the background. */
export const PANEL_PORT = "convex-lens-panel";

/** Content script → background. */
export type ContentToBackground =
  /** First message of every connection: which document this is (a new one means navigation). */
  | { kind: "connect"; documentId: string; url: string }
  /** A validated page message. */
  | { kind: "page"; message: PageMessage }
  /** The page marked itself as having the SDK with its DevTools bridge off (BRIDGE_OFF_MARKER). */
  | { kind: "bridgeOff" };

/** Background → content script. */
export type BackgroundToContent =
  /** Whether a panel is open for the tab, and where the page should resume from. */
  | { kind: "panel"; open: boolean; session?: string; since?: number }
  | { kind: "command"; id: string; command: DevtoolsCommand };

/** Panel → background. */
export type PanelToBackground =
  /** First message of every connection (and of every reconnection). */
  | { kind: "attach"; tabId: number; preserveLog: boolean }
  | { kind: "command"; id: string; command: DevtoolsCommand }
  | { kind: "clear" }
  | { kind: "preserveLog"; value: boolean }
  /** Keeps the MV3 worker awake while a panel is open (an idle worker is stopped after 30 s). */
  | { kind: "ping" };

/** Items of one page session, as the background stores and forwards them. */
export interface SessionBatch {
  session: string;
  /**
   * The origin of the document that sent the items, as the browser reported it to the background
   * (never as the page claims it): what the panel labels the session with. Absent for items that
   * did not come from a page (an imported file, a command the background answered itself).
   */
  origin?: string;
  items: WireItem[];
}

/** Background → panel. */
export type BackgroundToPanel =
  /** What the background holds for the tab, sent in chunks after attach; `done` on the last. */
  | { kind: "history"; batches: SessionBatch[]; done: boolean }
  /** A live batch from the page. */
  | { kind: "batch"; batch: SessionBatch }
  /** Forget everything shown: the page navigated (without "preserve log") or the log was cleared. */
  | { kind: "reset"; reason: "navigated" | "cleared" }
  /** Whether the tab's content script is connected (the page can be reached at all). */
  | { kind: "status"; pageConnected: boolean; bridgeOff?: boolean };
