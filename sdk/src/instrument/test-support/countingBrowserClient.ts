import { ConvexClient } from "convex/browser";
import { countingWebSocket } from "./countingWebSocket.js";

/** A real ConvexClient whose sockets are counted (`opened`, one URL per socket) and never connect. */
export function countingBrowserClient() {
  const { opened, WebSocket } = countingWebSocket();
  const client = new ConvexClient("http://127.0.0.1:3210", {
    webSocketConstructor: WebSocket,
    skipConvexDeploymentUrlCheck: true,
    logger: false,
  });
  return { opened, client };
}
