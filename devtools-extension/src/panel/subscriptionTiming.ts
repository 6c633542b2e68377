import type { WireConnection, WireSubscription } from "@convex-lens/sdk/devtools-protocol";
import { formatDuration } from "./format";

/**
 * A subscription's time to first result, with the wait for the socket and the function's own
 * time apart ("40.0 ms (12.0 ms connect + 28.0 ms function)"), since a slow first result is as
 * often a cold socket as a slow query. The SDK splits only the attempt that answered; when the
 * subscription was retried first, its earlier attempts and backoffs are the rest of the total, and
 * shown as such so the parts add up. "–" before the first result.
 */
export function firstResultText(subscription: WireSubscription): string {
  const first = subscription.firstResult;
  if (first === undefined) return "–";
  const total = Math.max(0, first.at - subscription.subscribedAt);
  const retried = total - first.connectMs - first.functionMs;
  const parts = [
    ...(retried >= 1 ? [`${formatDuration(retried)} retrying`] : []),
    `${formatDuration(first.connectMs)} connect`,
    `${formatDuration(first.functionMs)} function`,
  ];
  return `${formatDuration(total)} (${parts.join(" + ")})`;
}

/**
 * The state as the list says it, with why `paused`. The page says why (`pausedBy`, sent from
 * the same `!online || !connected` it pauses on, sdk/src/devtools/bridge.ts); an older page does
 * not, and then the cause is read from its connection state: "offline" beside an online browser
 * and an unreachable backend was untrue.
 */
export function stateLabel(
  subscription: Pick<WireSubscription, "state" | "pausedBy">,
  connection: Pick<WireConnection, "online" | "connected"> | null,
): string {
  const { state, pausedBy } = subscription;
  if (state !== "paused") return state;
  if (pausedBy !== undefined) return `paused (${pausedBy})`;
  if (connection?.online === false) return "paused (offline)";
  if (connection?.connected === false) return "paused (disconnected)";
  return "paused (no connection)";
}
