import {
  DEVTOOLS_SOURCE,
  type DevtoolsMessage,
  hasProtocolTag,
  isPageMessage,
  PAGE_SOURCE,
  PROTOCOL_VERSION,
  validateMessage,
} from "@convex-lens/sdk/devtools-protocol";
import type { BackgroundToContent, ContentToBackground } from "../shared/portMessages";
import { createReconnectingPort, type ReconnectingPortOptions } from "../shared/reconnectingPort";
import type { RuntimePort } from "../shared/runtimePort";

/** Page messages relayed per second at most; a flood beyond it is dropped and counted. */
export const RELAY_MESSAGES_PER_SECOND = 1_000;

/** The window the relay sits in (the isolated world's view of the page's window). */
export interface RelayWindow {
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  postMessage(message: unknown, targetOrigin: string): void;
  readonly location: { readonly origin: string; readonly href: string };
}

/** What the relay needs from its surroundings; the entry file passes the real ones. */
export interface ContentRelayOptions {
  window: RelayWindow;
  connect(): RuntimePort;
  /** Unique per document, so the background can tell a reload from a reconnection. */
  documentId: string;
  now?: () => number;
  portOptions?: Pick<
    ReconnectingPortOptions<unknown, unknown>,
    "setTimer" | "clearTimer" | "random"
  >;
}

/** Counters for tests and for the panel's status line. */
export interface RelayStats {
  relayed: number;
  invalid: number;
  rateLimited: number;
  panelOpen: boolean;
}

/** A running relay. */
export interface ContentRelay {
  stats(): RelayStats;
  stop(): void;
}

/**
 * The content script's job, as a testable unit. It relays, from the page to the background,
 * only messages that come from the page's own window (`event.source === window`) and carry the
 * protocol's source and version, and only while a panel is open; it validates each before it
 * enters the port, and rate-limits a flood. From the background it relays "a panel opened or
 * closed" (as hello or bye) and commands to the page.
 */
export function startContentRelay(options: ContentRelayOptions): ContentRelay {
  const win = options.window;
  const now = options.now ?? (() => Date.now());
  const origin = win.location.origin;
  const targetOrigin = origin === "null" || origin === "" ? "*" : origin;
  let panelOpen = false;
  let resume: { session?: string; since?: number } = {};
  const stats: RelayStats = { relayed: 0, invalid: 0, rateLimited: 0, panelOpen: false };
  let windowStart = 0;
  let inWindow = 0;

  const toPage = (message: DevtoolsMessage): void => {
    try {
      win.postMessage(message, targetOrigin);
    } catch {
      // The page is unloading; nothing to do.
    }
  };

  const hello = (): void => {
    const message: DevtoolsMessage = {
      source: DEVTOOLS_SOURCE,
      v: PROTOCOL_VERSION,
      type: "hello",
    };
    if (resume.session !== undefined) message.session = resume.session;
    if (resume.since !== undefined) message.since = resume.since;
    toPage(message);
  };

  const port = createReconnectingPort<BackgroundToContent, ContentToBackground>({
    ...options.portOptions,
    connect: options.connect,
    onConnect(send) {
      send({ kind: "connect", documentId: options.documentId, url: win.location.href });
    },
    onMessage(message) {
      if (message.kind === "panel") {
        const wasOpen = panelOpen;
        panelOpen = message.open;
        stats.panelOpen = panelOpen;
        if (panelOpen) {
          resume = {};
          if (message.session !== undefined) resume.session = message.session;
          if (message.since !== undefined) resume.since = message.since;
          hello();
        } else if (wasOpen) {
          toPage({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "bye" });
        }
      } else if (message.kind === "command") {
        toPage({
          source: DEVTOOLS_SOURCE,
          v: PROTOCOL_VERSION,
          type: "command",
          id: message.id,
          command: message.command,
        });
      }
    },
    onDisconnect() {
      // The worker stopped; until the port is back, no panel can be reached. The page keeps
      // buffering, and the background resends "panel open" on reconnection if one still is.
      if (panelOpen) toPage({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "bye" });
      panelOpen = false;
      stats.panelOpen = false;
    },
  });

  const onMessage = (event: MessageEvent): void => {
    if (event.source !== (win as unknown)) return;
    const data: unknown = event.data;
    // The cheap check first: pages post plenty of unrelated messages, and our own commands.
    if (!panelOpen || !hasProtocolTag(data, PAGE_SOURCE)) return;
    const t = now();
    if (t - windowStart >= 1_000) {
      windowStart = t;
      inWindow = 0;
    }
    if (++inWindow > RELAY_MESSAGES_PER_SECOND) {
      stats.rateLimited++;
      return;
    }
    const result = validateMessage(data);
    if (!result.ok || !isPageMessage(result.message)) {
      stats.invalid++;
      return;
    }
    const message = result.message;
    // A bridge that started after the panel opened announces itself: greet it.
    if (message.batch.some((item) => item.type === "session" && item.announce === true)) {
      resume = {};
      hello();
    }
    if (port.send({ kind: "page", message })) stats.relayed++;
  };

  win.addEventListener("message", onMessage);
  return {
    stats: () => ({ ...stats }),
    stop() {
      win.removeEventListener("message", onMessage);
      port.close();
    },
  };
}
