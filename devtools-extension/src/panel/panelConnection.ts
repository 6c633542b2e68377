import type { DevtoolsCommand } from "@convex-lens/sdk/devtools-protocol";
import { type BackgroundToPanel, PANEL_PORT, type PanelToBackground } from "../shared/portMessages";
import { createReconnectingPort, type ReconnectingPortOptions } from "../shared/reconnectingPort";
import type { RuntimePort } from "../shared/runtimePort";
import type { PanelStore } from "./store/panelStore";

/** How long the panel waits for a command's answer before it reports a timeout. */
export const COMMAND_TIMEOUT_MS = 5_000;
/** How often an open panel pings the worker, under the 30 s after which an idle MV3 worker stops. */
export const PING_INTERVAL_MS = 20_000;

/** What the components use to talk to the page. */
export interface PanelConnection {
  /** Sends a command to the page; returns its id (the answer arrives in the store). */
  command(command: DevtoolsCommand): string;
  /** Clears the panel, the background's history and the page's buffer. */
  clear(): void;
  setPreserveLog(value: boolean): void;
  readonly preserveLog: boolean;
  /** Asks the background for its whole history again (after viewing an imported file). */
  resync(): void;
  close(): void;
}

/** What the connection needs; the entry file passes chrome.runtime.connect. */
export interface PanelConnectionOptions {
  store: PanelStore;
  tabId: number;
  preserveLog: boolean;
  connect(): RuntimePort;
  portOptions?: Pick<
    ReconnectingPortOptions<unknown, unknown>,
    "setTimer" | "clearTimer" | "random"
  >;
}

/**
 * Connects the panel to the background for one tab, and keeps it connected: when the MV3
 * worker restarts, the port drops and comes back with backoff, re-attaches, and the page's
 * re-sent history is merged by seq (duplicates dropped), so the panel never goes blank.
 */
export function connectPanel(options: PanelConnectionOptions): PanelConnection {
  const { store, tabId } = options;
  let preserveLog = options.preserveLog;
  let nextId = 0;
  const prefix = Math.random().toString(36).slice(2, 8);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const port = createReconnectingPort<BackgroundToPanel, PanelToBackground>({
    ...options.portOptions,
    connect: options.connect,
    onConnect(send) {
      store.backgroundConnected = true;
      store.connections++;
      send({ kind: "attach", tabId, preserveLog });
      store.changed();
    },
    onMessage(message) {
      // While an imported file is shown, live data waits in the background until "Back to live".
      if (store.importedFrom !== null && message.kind !== "status") return;
      switch (message.kind) {
        case "history":
          for (const batch of message.batches) store.ingest(batch);
          break;
        case "batch":
          store.ingest(message.batch);
          for (const item of message.batch.items) {
            if (item.type === "result") {
              clearTimeout(timers.get(item.id));
              timers.delete(item.id);
            }
          }
          break;
        case "reset":
          store.reset();
          break;
        case "status":
          store.pageConnected = message.pageConnected;
          store.bridgeOff = message.pageConnected && message.bridgeOff === true;
          store.changed();
          break;
      }
    },
    onDisconnect() {
      store.backgroundConnected = false;
      store.pageConnected = false;
      store.changed();
    },
  });

  const ping = setInterval(() => port.send({ kind: "ping" }), PING_INTERVAL_MS);

  return {
    command(command) {
      const id = `${prefix}-${++nextId}`;
      if (!port.send({ kind: "command", id, command })) {
        store.recordResult({
          type: "result",
          id,
          ok: false,
          error: {
            code: "DISCONNECTED",
            message: "The extension's background is reconnecting; try again.",
          },
        });
        return id;
      }
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          if (store.result(id) === undefined) {
            store.recordResult({
              type: "result",
              id,
              ok: false,
              error: {
                code: "TIMEOUT",
                message: "The page did not answer (is the Convex Lens SDK running?).",
              },
            });
          }
        }, COMMAND_TIMEOUT_MS),
      );
      return id;
    },
    clear() {
      store.reset();
      port.send({ kind: "clear" });
    },
    setPreserveLog(value) {
      preserveLog = value;
      port.send({ kind: "preserveLog", value });
    },
    get preserveLog() {
      return preserveLog;
    },
    resync() {
      port.send({ kind: "attach", tabId, preserveLog });
    },
    close() {
      clearInterval(ping);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      port.close();
    },
  };
}

/** The port the panel opens. */
export function chromePanelPort(): RuntimePort {
  return chrome.runtime.connect({ name: PANEL_PORT });
}
