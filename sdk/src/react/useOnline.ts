import { cachedStore } from "./cachedStore.js";
import { storeHook } from "./storeHook.js";

/**
 * Whether the browser is online (and offline is not simulated with `lens.faults`). Re-renders only
 * when that flips. While offline, calls wait for the network rather than fail.
 */
export const useOnline: () => boolean = storeHook((lens) =>
  cachedStore(
    () => lens.online.isOnline(),
    (refresh) => lens.online.subscribe(refresh),
  ),
);
