import type { BreakerSnapshot } from "../core/breakerSnapshot.js";
import { cachedStore, keepWhileSame } from "./cachedStore.js";
import { storeHook } from "./storeHook.js";

/**
 * Every breaker's snapshot. Re-renders when a breaker changes state (opens, half-opens, closes,
 * is isolated), not on each counted call: the counts shown are those of the last transition.
 */
export const useBreakers: () => readonly BreakerSnapshot[] = storeHook((lens) =>
  cachedStore(
    () => lens.breakers(),
    (refresh) => lens.onBreakerChange(refresh),
    keepWhileSame((breakers) =>
      JSON.stringify(breakers.map((b) => [b.scope, b.state, b.isolated])),
    ),
  ),
);
