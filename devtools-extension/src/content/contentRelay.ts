import {
  BRIDGE_OFF_MARKER,
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
  postMessage(message: unknown, targetOrigin: string, transfer?: Transferable[]): void;
  readonly location: { readonly origin: string; readonly href: string };
}

/** The relay's end of a private channel to the page: a `MessagePort` in Chrome, a fake in tests. */
export interface RelayPort {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  start(): void;
  close(): void;
}

/** A new private channel: `port1` stays with the relay, `port2` is transferred with hello. */
export interface RelayChannel {
  readonly port1: RelayPort;
  readonly port2: Transferable;
}

/** What the relay needs from its surroundings; the entry file passes the real ones. */
export interface ContentRelayOptions {
  window: RelayWindow;
  connect(): RuntimePort;
  /** Unique per document, so the background can tell a reload from a reconnection. */
  documentId: string;
  /** Makes the private channel each hello carries; `new MessageChannel()` by default. */
  createChannel?: () => RelayChannel;
  now?: () => number;
  /** The page's bridge-off marker (BRIDGE_OFF_MARKER): its value now, and a watch for changes. */
  marker?: PageMarker;
  portOptions?: Pick<
    ReconnectingPortOptions<unknown, unknown>,
    "setTimer" | "clearTimer" | "random"
  >;
}

/** Reads the attribute the SDK sets on the page's root element when its bridge is off. */
export interface PageMarker {
  read(): string | null;
  /** Calls `onChange` when the attribute changes; returns the function that stops watching. */
  watch(onChange: () => void): () => void;
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
 * messages that carry the protocol's source and version, only while a panel is open; it validates
 * each before it enters the runtime port, and rate-limits a flood. From the background it relays
 * "a panel opened or closed" (as hello or bye) and commands to the page.
 *
 * Each hello goes to the window with a new `MessageChannel`'s port transferred, and from then on
 * the page's bridge and the relay talk over that private channel: the batches no longer pass
 * through the window, where every `message` listener of the page would receive (and deserialise)
 * them. The previous channel is closed. The window path stays open for the bridge's start-up
 * announcement and for a bridge from before the port (it ignores the port and posts to the
 * window); there, only messages from the page's own window (`event.source === window`) count.
 * Both paths are untrusted alike: a page script can post to the window, and can take the port from
 * the hello event as the bridge does. They share one validator and one rate limit.
 */
export function startContentRelay(options: ContentRelayOptions): ContentRelay {
  const win = options.window;
  const now = options.now ?? (() => Date.now());
  const createChannel = options.createChannel ?? (() => new MessageChannel());
  const origin = win.location.origin;
  const targetOrigin = origin === "null" || origin === "" ? "*" : origin;
  let panelOpen = false;
  let resume: { session?: string; since?: number } = {};
  const stats: RelayStats = { relayed: 0, invalid: 0, rateLimited: 0, panelOpen: false };
  let windowStart = 0;
  let inWindow = 0;
  // The relay's end of the channel the last hello carried; null before the first hello.
  let channel: RelayPort | null = null;
  // While a panel is open: stops watching the page's bridge-off marker.
  let unwatchMarker: (() => void) | null = null;
  const reportBridgeOff = (): void => {
    if (options.marker?.read() === BRIDGE_OFF_MARKER.value) port.send({ kind: "bridgeOff" });
  };
  const watchMarker = (open: boolean): void => {
    unwatchMarker?.();
    unwatchMarker = null;
    if (!open || options.marker === undefined) return;
    reportBridgeOff();
    // The app's script may run after the panel opened (a reload with the panel open).
    try {
      unwatchMarker = options.marker.watch(reportBridgeOff);
    } catch {
      // No observer here: the marker is read at each panel open only.
    }
  };

  // Bye and commands go where the bridge listens: the port of the last hello, else the window.
  const toPage = (message: DevtoolsMessage): void => {
    try {
      if (channel === null) win.postMessage(message, targetOrigin);
      else channel.postMessage(message);
    } catch {
      // The page is unloading; nothing to do.
    }
  };

  const closeChannel = (): void => {
    if (channel === null) return;
    channel.removeEventListener("message", onPortMessage);
    channel.close();
    channel = null;
  };

  const hello = (): void => {
    const message: DevtoolsMessage = {
      source: DEVTOOLS_SOURCE,
      v: PROTOCOL_VERSION,
      type: "hello",
    };
    if (resume.session !== undefined) message.session = resume.session;
    if (resume.since !== undefined) message.since = resume.since;
    // One channel per hello: the bridge moves to the new port and closes the old one, and so does
    // the relay. At most one channel is open at a time.
    closeChannel();
    let created: RelayChannel | null = null;
    try {
      created = createChannel();
    } catch {
      // No MessageChannel here: a hello without a port makes the bridge post to the window.
    }
    try {
      created?.port1.addEventListener("message", onPortMessage);
      created?.port1.start();
      win.postMessage(message, targetOrigin, created === null ? [] : [created.port2]);
      channel = created?.port1 ?? null;
    } catch {
      // The page is unloading. Close the unused channel; a started port with a listener would
      // otherwise stay alive.
      created?.port1.removeEventListener("message", onPortMessage);
      created?.port1.close();
    }
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
          watchMarker(true);
        } else if (wasOpen) {
          watchMarker(false);
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
      watchMarker(false);
      panelOpen = false;
      stats.panelOpen = false;
    },
  });

  const onWindowMessage = (event: MessageEvent): void => {
    if (event.source !== (win as unknown)) return;
    relay(event.data);
  };

  function onPortMessage(event: MessageEvent): void {
    relay(event.data);
  }

  function relay(data: unknown): void {
    // The cheap check first: pages post plenty of unrelated messages, and our own hello.
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
  }

  win.addEventListener("message", onWindowMessage);
  return {
    stats: () => ({ ...stats }),
    stop() {
      win.removeEventListener("message", onWindowMessage);
      watchMarker(false);
      closeChannel();
      port.close();
    },
  };
}
