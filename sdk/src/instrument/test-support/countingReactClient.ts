import { ConvexReactClient, type ConvexReactClientOptions } from "convex/react";

/** A logger the app hands the client: an object, not `true` or `false`. */
type AppLogger = Exclude<ConvexReactClientOptions["logger"], boolean | undefined>;

/** A WebSocket constructor that counts the sockets a client opens and never connects them. */
function countingWebSocket() {
  const opened: string[] = [];
  class CountingWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(url: string) {
      opened.push(url);
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
      // The client's close() waits for the socket's close event.
      queueMicrotask(() => this.onclose?.({ code: 1000, reason: "closed" }));
    }
  }
  return { opened, WebSocket: CountingWebSocket as unknown as typeof WebSocket };
}

/**
 * A real ConvexReactClient whose sockets are counted (`opened`, one URL per socket) and never
 * connect; `logger`, when given, is the client's logger.
 */
export function countingReactClient(logger?: AppLogger) {
  const { opened, WebSocket } = countingWebSocket();
  const client = new ConvexReactClient("http://127.0.0.1:3210", {
    webSocketConstructor: WebSocket,
    skipConvexDeploymentUrlCheck: true,
    ...(logger ? { logger } : {}),
  });
  return { opened, client };
}
