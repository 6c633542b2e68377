import { ConvexReactClient, type ConvexReactClientOptions } from "convex/react";
import { countingWebSocket } from "./countingWebSocket.js";

/** A logger the app hands the client: an object, not `true` or `false`. */
type AppLogger = Exclude<ConvexReactClientOptions["logger"], boolean | undefined>;

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
