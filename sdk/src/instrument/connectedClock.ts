import type { Clock } from "../core/clock.js";
import type { ConvexConnectionStateClient } from "../resilience/onlineManager.js";

/**
 * A clock whose time passes only while one client's WebSocket is connected. A DeadlineWheel on it
 * pauses the timeouts of that client's mutations while the socket is down (DESIGN.md): the official
 * client keeps an unacknowledged mutation, re-sends it on reconnect and the server deduplicates it,
 * so time spent disconnected says nothing about whether the mutation is lost. Timers are the
 * underlying clock's; only `now()` stands still.
 */
export class ConnectedClock implements Clock {
  private readonly clock: Clock;
  /** Connected time banked before the current connection. */
  private banked = 0;
  /** When the current connection began on the underlying clock; null while disconnected. */
  private since: number | null;

  constructor(clock: Clock, connected = true) {
    this.clock = clock;
    this.since = connected ? clock.now() : null;
  }

  now(): number {
    return this.since === null ? this.banked : this.banked + (this.clock.now() - this.since);
  }

  /** Starts or stops time; repeating the current state changes nothing. */
  setConnected(connected: boolean): void {
    if (connected === (this.since !== null)) return;
    if (connected) this.since = this.clock.now();
    else {
      this.banked = this.now();
      this.since = null;
    }
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return this.clock.setTimeout(fn, ms);
  }

  clearTimeout(handle: unknown): void {
    this.clock.clearTimeout(handle);
  }
}

/**
 * Keeps `clock` in step with `client`'s socket (`connectionState()` and
 * `subscribeToConnectionState`, convex/src/browser/sync/client.ts). Reading the state of a
 * `ConvexReactClient` creates its connection, so call this only once the app has used the client.
 * Returns the function that stops following.
 */
export function followConnection(
  client: ConvexConnectionStateClient,
  clock: ConnectedClock,
): () => void {
  clock.setConnected(client.connectionState().isWebSocketConnected);
  return client.subscribeToConnectionState((state) =>
    clock.setConnected(state.isWebSocketConnected),
  );
}
