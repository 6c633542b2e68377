import type { WireBreakerSnapshot } from "@convex-lens/sdk/devtools-protocol";

/** Whether a breaker's Trip and Reset buttons act, and why not when they do not. */
export interface BreakerActions {
  readonly canTrip: boolean;
  readonly canReset: boolean;
  readonly tripTitle: string;
  readonly resetTitle: string;
}

const REFUSED = "This page does not accept commands (production build without allowCommands).";

/**
 * Trip and Reset only when they would change something: tripping an open or already isolated
 * breaker, or resetting a closed one, did nothing while looking like it worked (issue 15 §7).
 * Both stay off when the page refuses commands.
 */
export function breakerActions(
  breaker: Pick<WireBreakerSnapshot, "state" | "isolated">,
  commandsAllowed: boolean,
): BreakerActions {
  if (!commandsAllowed)
    return { canTrip: false, canReset: false, tripTitle: REFUSED, resetTitle: REFUSED };
  const canTrip = breaker.state !== "open" && !breaker.isolated;
  const canReset = breaker.state !== "closed" || breaker.isolated;
  return {
    canTrip,
    canReset,
    tripTitle: canTrip
      ? "Open this breaker by hand: calls fail fast until Reset"
      : "Already open: Reset closes it",
    resetTitle: canReset ? "Close this breaker and forget its failures" : "Already closed",
  };
}
