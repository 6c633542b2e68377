import type { ConvexConnectionStateClient } from "../resilience/onlineManager.js";

/**
 * When one client's WebSocket last became ready, so a subscription's time to first result can be
 * split into the wait for the socket (a cold connect, a reconnect) and the function's own latency.
 * Without the split, one slow connect with a page of `useQuery`s reads as a slow backend (issue 13).
 * Follows `connectionState()` / `subscribeToConnectionState` (convex/src/browser/sync/client.ts);
 * the client publishes changes a microtask late, so a result is also checked against its state.
 */
export class SocketReadiness {
  /** Epoch ms when the socket last became ready; null while it is down or never followed. */
  private readyAt: number | null = null;
  private client: ConvexConnectionStateClient | undefined;

  /**
   * Starts following `client`. Reading a `ConvexReactClient`'s state opens its socket, so call this
   * only once the app uses the client. Returns the function that stops following.
   */
  follow(client: ConvexConnectionStateClient): () => void {
    this.client = client;
    this.set(client.connectionState().isWebSocketConnected);
    const stop = client.subscribeToConnectionState((state) => this.set(state.isWebSocketConnected));
    return () => {
      stop();
      if (this.client === client) this.client = undefined;
    };
  }

  /** Records a connection edge; repeating the current state changes nothing. */
  set(connected: boolean, now: number = Date.now()): void {
    if (!connected) this.readyAt = null;
    else this.readyAt ??= now;
  }

  /**
   * Of the time from `startedAt` to `now`, the ms spent waiting for the socket: 0 when it was
   * ready at `startedAt`, or when nothing is followed (no socket to wait for).
   */
  waitedSince(startedAt: number, now: number = Date.now()): number {
    if (this.readyAt === null && this.client?.connectionState().isWebSocketConnected) {
      // Ready, but the client has not published it yet: the socket opened at most now.
      this.readyAt = now;
    }
    const readyAt = this.readyAt;
    if (readyAt === null) return this.client ? Math.max(0, now - startedAt) : 0;
    return Math.min(Math.max(0, readyAt - startedAt), Math.max(0, now - startedAt));
  }
}
