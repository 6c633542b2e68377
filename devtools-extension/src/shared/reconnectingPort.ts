import type { RuntimePort } from "./runtimePort";

/** How a reconnecting port waits between attempts. */
export interface BackoffOptions {
  /** First delay, in ms. */
  initialMs: number;
  /** Longest delay, in ms. */
  maxMs: number;
  /** Consecutive failed connections after which it stops (an orphaned content script). */
  maxAttempts: number;
}

/** Defaults: 100 ms doubling to 5 s, with jitter; give up after 60 failures in a row. */
export const defaultBackoff: BackoffOptions = { initialMs: 100, maxMs: 5_000, maxAttempts: 60 };

/** A port to the background that comes back by itself when the MV3 worker restarts. */
export interface ReconnectingPort<Out> {
  /** Sends if connected; returns false (dropping the message) otherwise. */
  send(message: Out): boolean;
  readonly connected: boolean;
  /** Connections made so far (1 after the first). */
  readonly connections: number;
  close(): void;
}

/** What a reconnecting port needs; timers and randomness are injectable for tests. */
export interface ReconnectingPortOptions<In, Out> {
  connect(): RuntimePort;
  /** Called on every (re)connection, first thing: send the port's opening message here. */
  onConnect(send: (message: Out) => void): void;
  onMessage(message: In): void;
  onDisconnect?(): void;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Opens a port and reopens it after it drops. The delay doubles from `initialMs` to `maxMs` with
 * "equal jitter" (half fixed, half random), so many panels and content scripts do not reconnect
 * in lockstep when the worker restarts: React DevTools' reconnect storms came from retrying at
 * once. A connection that delivers a message resets the delay.
 */
export function createReconnectingPort<In, Out>(
  options: ReconnectingPortOptions<In, Out>,
): ReconnectingPort<Out> {
  const backoff = options.backoff ?? defaultBackoff;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
  let port: RuntimePort | null = null;
  let failures = 0;
  let connections = 0;
  let closed = false;
  let timer: unknown = null;

  const send = (message: Out): boolean => {
    if (port === null) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      // The port died between the check and the call; onDisconnect will follow.
      return false;
    }
  };

  const scheduleReconnect = (): void => {
    if (closed || timer !== null) return;
    failures++;
    if (failures > backoff.maxAttempts) {
      closed = true;
      return;
    }
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
    const delay = ceiling / 2 + random() * (ceiling / 2);
    timer = setTimer(() => {
      timer = null;
      open();
    }, delay);
  };

  const open = (): void => {
    if (closed) return;
    let next: RuntimePort;
    try {
      next = options.connect();
    } catch {
      // "Extension context invalidated": the extension was reloaded under this page.
      scheduleReconnect();
      return;
    }
    port = next;
    connections++;
    next.onMessage.addListener((message) => {
      if (port !== next) return;
      failures = 0;
      options.onMessage(message as In);
    });
    next.onDisconnect.addListener(() => {
      if (port !== next) return;
      port = null;
      options.onDisconnect?.();
      scheduleReconnect();
    });
    options.onConnect(send);
  };

  open();
  return {
    send,
    get connected() {
      return port !== null;
    },
    get connections() {
      return connections;
    },
    close() {
      closed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const current = port;
      port = null;
      current?.disconnect();
    },
  };
}
