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
 * The state as the list says it, with why `paused`. The SDK sends one `paused` for a browser
 * offline (or offline simulated) and for a socket down while online (sdk/src/devtools/bridge.ts:
 * `!online || !connected`), so the cause is read from the page's connection state: "offline"
 * beside an online browser and an unreachable backend was untrue.
 */
export function stateLabel(
  state: WireSubscription["state"],
  connection: Pick<WireConnection, "online" | "connected"> | null,
): string {
  if (state !== "paused") return state;
  if (connection?.online === false) return "paused (offline)";
  if (connection?.connected === false) return "paused (disconnected)";
  return "paused (no connection)";
}
