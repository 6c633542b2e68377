import { type Clock, systemClock } from "../core/clock.js";
import type { ConnectionCause } from "../core/connectionCause.js";
import { ListenerSet } from "../core/listenerSet.js";
import { OfflineError } from "../errors/index.js";
import { abortReason } from "./abortReason.js";

/**
 * Something that knows whether a client's WebSocket is connected. {@link convexConnectionSource}
 * adapts the official clients' `connectionState()` / `subscribeToConnectionState()`.
 */
export interface ConnectionSource {
  isConnected(): boolean;
  /** Calls `listener` when the state may have changed; returns the unsubscribe function. */
  subscribe(listener: (connected: boolean) => void): () => void;
}

/** The part of `ConvexClient` / `ConvexReactClient` (convex/src/browser/sync/client.ts) we read. */
export interface ConvexConnectionStateClient {
  connectionState(): { isWebSocketConnected: boolean };
  subscribeToConnectionState(cb: (state: { isWebSocketConnected: boolean }) => void): () => void;
}

/**
 * Adapts a Convex WebSocket client. Its subscription fires on every connection-state change,
 * including in-flight counts on each mutation; the online manager only reacts to edges of
 * `isWebSocketConnected`. (`ConvexHttpClient` has no socket and needs no source.)
 */
export function convexConnectionSource(client: ConvexConnectionStateClient): ConnectionSource {
  return {
    isConnected: () => client.connectionState().isWebSocketConnected,
    subscribe: (listener) =>
      client.subscribeToConnectionState((state) => listener(state.isWebSocketConnected)),
  };
}

/**
 * Whether calls can reach the network at all, so that retries wait for it instead of burning
 * attempts (TanStack Query's onlineManager, plus a forced-offline switch for fault injection).
 *
 * "Online" means: `setOnline(true | false)` says so when it was called; else offline is not forced
 * (fault injection) AND the browser's last online/offline event was not "offline". The manager
 * starts online and never trusts `navigator.onLine`, which Chromium reports falsely (TanStack Query
 * v5 stopped reading it too): a false "offline" must never hold a call. A disconnected WebSocket
 * is deliberately NOT offline: the HTTP client has no socket, the WebSocket client reconnects and
 * re-sends on its own, and a socket is also down while merely reconnecting after a server blip.
 * Connection state is kept as a separate input ({@link OnlineManager.isConnected}) that the
 * integrator can read for health and spans.
 */
export interface OnlineManager {
  isOnline(): boolean;
  /**
   * Whether calls are held before their first attempt: offline is forced (simulated offline) or
   * set by `setOnline(false)`. The browser's own `offline` event only pauses retries, never a first
   * attempt: the raw client would send it, and over a WebSocket the official client queues it.
   */
  holdsCalls(): boolean;
  /** Called with the new value whenever `isOnline()` changes. Returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
  /**
   * Called with the new value whenever {@link holdsCalls} changes, so a WebSocket client's socket
   * can be stopped and restarted with it (SocketGate). Returns the unsubscribe function.
   */
  subscribeHold(listener: (held: boolean) => void): () => void;
  /**
   * Resolves when online (at once if online now). Rejects with the signal's reason on abort, and
   * with an OfflineError when the network has not come back within `waitTimeoutMs` or
   * `maxWaiters` calls are already waiting: no call waits forever.
   */
  waitForOnline(signal?: AbortSignal): Promise<void>;
  /**
   * Resolves when calls are no longer held ({@link holdsCalls}), with the same abort, deadline and
   * cap as {@link waitForOnline}: what a first attempt waits on.
   */
  waitForRelease(signal?: AbortSignal): Promise<void>;
  /**
   * Overrides detection, like TanStack Query's `onlineManager.setOnline`: `true` or `false` holds
   * that state whatever the browser says; `"auto"` goes back to the browser's events.
   */
  setOnline(online: boolean | "auto"): void;
  /** Simulates offline (fault injection, the DevTools panel) until set back to false. */
  setForcedOffline(offline: boolean): void;
  /** Adds a client's connection state; returns the function that removes it. */
  addConnectionSource(source: ConnectionSource): () => void;
  /** True when every connection source reports a connected socket (true with no sources). */
  isConnected(): boolean;
  /**
   * Whether any client's socket is followed: one that was opened and not closed. Health's connection
   * check has nothing to judge otherwise (HTTP only, a React client before its first subscription,
   * or every client closed).
   */
  hasConnectionSources(): boolean;
  /**
   * Called with the new value whenever `isConnected()` changes, with `true` when the first socket
   * followed is already connected or the last one is let go of, and with why: only a "socket"
   * change is a drop or a reconnect; a client followed or closed is not (health counts by it).
   */
  subscribeConnection(listener: (connected: boolean, cause: ConnectionCause) => void): () => void;
  /** Listener exceptions swallowed so far; the integrator reports them as diagnostics. */
  readonly listenerErrors: number;
  /** Removes event listeners and sources, and lets every waiting call go. */
  dispose(): void;
}

/** Where the online manager looks, and how long calls wait; pass `{}` for no browser (tests, servers). */
export interface OnlineEnvironment {
  /** Fires "online" / "offline"; defaults to `globalThis` when it is an event target (a window). */
  target?: EventTarget | undefined;
  /** Calls that may wait for the network at once (default 10,000): the waiter list's cap. */
  maxWaiters?: number | undefined;
  /** How long a call waits for the network before it fails with OFFLINE (default 30,000 ms). */
  waitTimeoutMs?: number | undefined;
  /** Time for the wait's deadline; defaults to the system clock. */
  clock?: Clock | undefined;
}

interface Waiter {
  readonly resolve: () => void;
  readonly signal: AbortSignal | undefined;
  /** The state this waiter waits for; checked whenever an input changes. */
  readonly ready: () => boolean;
  readonly onAbort: (() => void) | undefined;
  readonly timer: unknown;
}

const DEFAULT_MAX_WAITERS = 10_000;
/** How long a call waits for the network by default before it fails with OFFLINE. */
export const DEFAULT_ONLINE_WAIT_MS = 30_000;

/**
 * Creates an online manager. Without `env`, it listens to the global window; with one, only to
 * `env.target`, so tests are hermetic.
 */
export function createOnlineManager(env?: OnlineEnvironment): OnlineManager {
  const target = env === undefined ? globalTarget() : env.target;
  const maxWaiters = env?.maxWaiters ?? DEFAULT_MAX_WAITERS;
  const waitTimeoutMs = env?.waitTimeoutMs ?? DEFAULT_ONLINE_WAIT_MS;
  const clock = env?.clock ?? systemClock;

  let browserOnline = true;
  let forcedOffline = false;
  let override: boolean | "auto" = "auto";
  let listenerErrors = 0;
  let disposed = false;
  const counter = {
    record: (): void => {
      listenerErrors++;
    },
  };
  const listeners = new ListenerSet<(online: boolean) => void>(counter);
  const holdListeners = new ListenerSet<(held: boolean) => void>(counter);
  const connectionListeners = new ListenerSet<(connected: boolean, cause: ConnectionCause) => void>(
    counter,
  );
  const waiters = new Set<Waiter>();
  const sources = new Map<ConnectionSource, { connected: boolean; unsubscribe: () => void }>();
  let disconnectedSources = 0;

  const isOnline = (): boolean =>
    !forcedOffline && (override === "auto" ? browserOnline : override);

  const forget = (waiter: Waiter): void => {
    waiters.delete(waiter);
    clock.clearTimeout(waiter.timer);
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener("abort", waiter.onAbort);
  };

  const holdsCalls = (): boolean => forcedOffline || override === false;

  const releaseWaiters = (all: boolean): void => {
    for (const waiter of waiters) {
      if (!all && !waiter.ready()) continue;
      forget(waiter);
      waiter.resolve();
    }
  };

  const update = (change: () => void): void => {
    const before = isOnline();
    const heldBefore = holdsCalls();
    change();
    const after = isOnline();
    const heldAfter = holdsCalls();
    // A first attempt held by a forced offline goes once the hold ends, whatever the browser says.
    if (waiters.size > 0) releaseWaiters(false);
    if (heldBefore !== heldAfter) holdListeners.notify(heldAfter);
    if (before !== after) listeners.notify(after);
  };

  const wait = (ready: () => boolean, signal: AbortSignal | undefined): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (ready() || disposed) return Promise.resolve();
    if (waiters.size >= maxWaiters) {
      return Promise.reject(
        new OfflineError({
          message: `Offline, and more than ${maxWaiters} calls are already waiting for the network.`,
        }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort =
        signal === undefined
          ? undefined
          : (): void => {
              forget(waiter);
              reject(abortReason(signal));
            };
      const timer = clock.setTimeout(() => {
        forget(waiter);
        reject(
          new OfflineError({
            message: `The network did not come back within ${waitTimeoutMs} ms.`,
          }),
        );
      }, waitTimeoutMs);
      const waiter: Waiter = { resolve, signal, ready, onAbort, timer };
      waiters.add(waiter);
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
  const released = (): boolean => !holdsCalls();

  const onBrowserEvent = (event: Event): void => {
    update(() => {
      browserOnline = event.type === "online";
    });
  };
  target?.addEventListener("online", onBrowserEvent);
  target?.addEventListener("offline", onBrowserEvent);

  const setSourceState = (
    source: ConnectionSource,
    connected: boolean,
    cause: ConnectionCause,
  ): void => {
    const entry = sources.get(source);
    if (entry === undefined || entry.connected === connected) return;
    const before = disconnectedSources === 0;
    entry.connected = connected;
    disconnectedSources += connected ? -1 : 1;
    const after = disconnectedSources === 0;
    if (before !== after) connectionListeners.notify(after, cause);
  };

  return {
    isOnline,
    subscribe(listener) {
      return listeners.add(listener);
    },
    holdsCalls,
    subscribeHold(listener) {
      return holdListeners.add(listener);
    },
    waitForOnline: (signal) => wait(isOnline, signal),
    waitForRelease: (signal) => wait(released, signal),
    setOnline(online) {
      update(() => {
        override = online;
      });
    },
    setForcedOffline(offline) {
      update(() => {
        forcedOffline = offline;
      });
    },
    addConnectionSource(source) {
      if (disposed || sources.has(source)) return () => {};
      const entry = { connected: true, unsubscribe: () => {} };
      sources.set(source, entry);
      // Registered as connected first, so that setSourceState counts a disconnected start.
      const connected = safeIsConnected(source);
      setSourceState(source, connected, "followed");
      // No edge, but news: until now "connected" was vacuous (no socket followed).
      if (connected && sources.size === 1) connectionListeners.notify(true, "followed");
      try {
        entry.unsubscribe = source.subscribe((connected) =>
          setSourceState(source, connected, "socket"),
        );
      } catch {
        listenerErrors++;
      }
      return () => {
        if (!sources.delete(source)) return;
        if (!entry.connected) disconnectedSources--;
        // Told once the source is gone, so a listener reading hasConnectionSources sees the truth:
        // an edge (the last socket down was this one), or none left, "connected" vacuous again.
        if (disconnectedSources === 0 && (!entry.connected || sources.size === 0)) {
          connectionListeners.notify(true, "unfollowed");
        }
        entry.unsubscribe();
      };
    },
    isConnected: () => disconnectedSources === 0,
    hasConnectionSources: () => sources.size > 0,
    subscribeConnection(listener) {
      return connectionListeners.add(listener);
    },
    get listenerErrors() {
      return listenerErrors;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      target?.removeEventListener("online", onBrowserEvent);
      target?.removeEventListener("offline", onBrowserEvent);
      for (const entry of sources.values()) {
        try {
          entry.unsubscribe();
        } catch {
          listenerErrors++;
        }
      }
      sources.clear();
      disconnectedSources = 0;
      releaseWaiters(true);
      listeners.clear();
      holdListeners.clear();
      connectionListeners.clear();
    },
  };
}

function safeIsConnected(source: ConnectionSource): boolean {
  try {
    return source.isConnected();
  } catch {
    return true;
  }
}

/** The window's online/offline events, where there is a window: the default {@link OnlineEnvironment.target}. */
export function globalTarget(): EventTarget | undefined {
  const candidate = globalThis as unknown as Partial<EventTarget>;
  return typeof candidate.addEventListener === "function" ? (candidate as EventTarget) : undefined;
}
