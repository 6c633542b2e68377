import { cachedStore } from "./cachedStore.js";
import { storeHook } from "./storeHook.js";

/**
 * Whether every instrumented WebSocket client is connected (true with none). Re-renders only when
 * that flips; a socket that is down is usually reconnecting, which is not the same as offline.
 */
export const useConnection: () => boolean = storeHook((lens) =>
  cachedStore(
    () => lens.online.isConnected(),
    (refresh) => lens.online.subscribeConnection(refresh),
  ),
);
