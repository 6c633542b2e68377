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
 * "Online" means: the browser says so (navigator.onLine and the window's online/offline events,
 * where they exist; true where they do not) AND offline is not forced. A disconnected WebSocket
 * is deliberately NOT offline: the HTTP client has no socket, the WebSocket client reconnects and
 * re-sends on its own, and a socket is also down while merely reconnecting after a server blip.
 * Connection state is kept as a separate input ({@link OnlineManager.isConnected}) that the
 * integrator can read for health and spans.
 */
export interface OnlineManager {
  isOnline(): boolean;
  /** Called with the new value whenever `isOnline()` changes. Returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
  /**
   * Resolves when online (at once if online now). Rejects with the signal's reason on abort, or
   * with a RangeError when `maxWaiters` calls are already waiting.
   */
  waitForOnline(signal?: AbortSignal): Promise<void>;
  /** Simulates offline (fault injection, the DevTools panel) until set back to false. */
  setForcedOffline(offline: boolean): void;
  /** Adds a client's connection state; returns the function that removes it. */
  addConnectionSource(source: ConnectionSource): () => void;
  /** True when every connection source reports a connected socket (true with no sources). */
  isConnected(): boolean;
  /** Called with the new value whenever `isConnected()` changes. */
  subscribeConnection(listener: (connected: boolean) => void): () => void;
  /** Listener exceptions swallowed so far; the integrator reports them as diagnostics. */
  readonly listenerErrors: number;
  /** Removes event listeners and sources, and lets every waiting call go. */
  dispose(): void;
}

/** Where the online manager looks; pass `{}` for none (tests, servers). */
export interface OnlineEnvironment {
  /** Read once at start for the initial state; defaults to `globalThis.navigator`. */
  navigator?: { onLine: boolean } | undefined;
  /** Fires "online" / "offline"; defaults to `globalThis` when it is an event target (a window). */
  target?: EventTarget | undefined;
  /** Calls that may wait for the network at once (default 10,000): the waiter list's cap. */
  maxWaiters?: number | undefined;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

const DEFAULT_MAX_WAITERS = 10_000;

/**
 * Creates an online manager. Without `env`, it reads the global navigator and window; with one,
 * it reads only what `env` gives, so tests are hermetic.
 */
export function createOnlineManager(env?: OnlineEnvironment): OnlineManager {
  const nav = env === undefined ? globalNavigator() : env.navigator;
  const target = env === undefined ? globalTarget() : env.target;
  const maxWaiters = env?.maxWaiters ?? DEFAULT_MAX_WAITERS;

  let browserOnline = typeof nav?.onLine === "boolean" ? nav.onLine : true;
  let forcedOffline = false;
  let listenerErrors = 0;
  let disposed = false;
  const listeners = new Set<(online: boolean) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const waiters = new Set<Waiter>();
  const sources = new Map<ConnectionSource, { connected: boolean; unsubscribe: () => void }>();
  let disconnectedSources = 0;

  const isOnline = (): boolean => browserOnline && !forcedOffline;

  const notify = <V>(set: Set<(value: V) => void>, value: V): void => {
    for (const listener of set) {
      try {
        listener(value);
      } catch {
        listenerErrors++;
      }
    }
  };

  const releaseWaiters = (): void => {
    for (const waiter of waiters) {
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    waiters.clear();
  };

  const update = (change: () => void): void => {
    const before = isOnline();
    change();
    const after = isOnline();
    if (before === after) return;
    if (after) releaseWaiters();
    notify(listeners, after);
  };

  const onBrowserEvent = (event: Event): void => {
    update(() => {
      browserOnline = event.type === "online";
    });
  };
  target?.addEventListener("online", onBrowserEvent);
  target?.addEventListener("offline", onBrowserEvent);

  const setSourceState = (source: ConnectionSource, connected: boolean): void => {
    const entry = sources.get(source);
    if (entry === undefined || entry.connected === connected) return;
    const before = disconnectedSources === 0;
    entry.connected = connected;
    disconnectedSources += connected ? -1 : 1;
    const after = disconnectedSources === 0;
    if (before !== after) notify(connectionListeners, after);
  };

  return {
    isOnline,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    waitForOnline(signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (isOnline() || disposed) return Promise.resolve();
      if (waiters.size >= maxWaiters) {
        return Promise.reject(
          new RangeError(`more than ${maxWaiters} calls are waiting for the network to return`),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort =
          signal === undefined
            ? undefined
            : (): void => {
                waiters.delete(waiter);
                reject(abortReason(signal));
              };
        const waiter: Waiter = { resolve, reject, signal, onAbort };
        waiters.add(waiter);
        if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
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
      setSourceState(source, safeIsConnected(source));
      try {
        entry.unsubscribe = source.subscribe((connected) => setSourceState(source, connected));
      } catch {
        listenerErrors++;
      }
      return () => {
        if (!sources.has(source)) return;
        setSourceState(source, true);
        sources.delete(source);
        entry.unsubscribe();
      };
    },
    isConnected: () => disconnectedSources === 0,
    subscribeConnection(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
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
      releaseWaiters();
      listeners.clear();
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

function globalNavigator(): { onLine: boolean } | undefined {
  const nav = (globalThis as { navigator?: { onLine?: unknown } }).navigator;
  // Node 21+ has a navigator without onLine; only a boolean onLine is a real signal.
  return typeof nav?.onLine === "boolean" ? (nav as { onLine: boolean }) : undefined;
}

function globalTarget(): EventTarget | undefined {
  const candidate = globalThis as unknown as Partial<EventTarget>;
  return typeof candidate.addEventListener === "function" ? (candidate as EventTarget) : undefined;
}
