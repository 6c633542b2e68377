import type { Clock } from "../core/clock.js";
import type { ConvexConnectionStateClient } from "../resilience/onlineManager.js";

/**
 * A clock whose time passes only while one client's WebSocket is connected. A DeadlineWheel on it
 * pauses the timeouts of that client's mutations while the socket is down (DESIGN.md): the official
 * client keeps an unacknowledged mutation, re-sends it on reconnect and the server deduplicates it,
 * so time spent disconnected says nothing about whether the mutation is lost. Timers are the
 * underlying clock's; only `now()` stands still. Its {@link downtime} tells a one-shot call, and a
 * subscription's first result, how long the attempt waited for the socket (CallRecord.connectMs):
 * one measure for both, so a drop mid-attempt counts the same whichever kind of call it hit.
 */
export class ConnectedClock implements Clock {
  private readonly clock: Clock;
  /** When this clock began, on the underlying clock. */
  private readonly origin: number;
  /** Disconnected time banked before the current outage. */
  private banked = 0;
  /** When the current outage began on the underlying clock; null while connected. */
  private downSince: number | null;

  constructor(clock: Clock, connected = true) {
    this.clock = clock;
    this.origin = clock.now();
    this.downSince = connected ? null : this.origin;
  }

  now(): number {
    return (this.downSince ?? this.clock.now()) - this.origin - this.banked;
  }

  /**
   * Ms the socket has been down since this clock began. Read at an attempt's start and end, the
   * difference is the attempt's wait for the socket; the underlying clock is read only while the
   * socket is down, so a call on a connected socket pays no clock read for it.
   */
  downtime(): number {
    const since = this.downSince;
    return since === null ? this.banked : this.banked + (this.clock.now() - since);
  }

  /**
   * Whether this client's socket is down now: the panel says a call sent over it waits for the
   * WebSocket by its own client's socket, not by the lens-wide connection state.
   */
  isDown(): boolean {
    return this.downSince !== null;
  }

  /** Starts or stops time; repeating the current state changes nothing. */
  setConnected(connected: boolean): void {
    const since = this.downSince;
    if (connected === (since === null)) return;
    if (since === null) this.downSince = this.clock.now();
    else {
      this.banked += this.clock.now() - since;
      this.downSince = null;
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
