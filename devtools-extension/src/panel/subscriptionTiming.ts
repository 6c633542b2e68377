import type { WireSubscription } from "@convex-lens/sdk/devtools-protocol";
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

/** The state as the list says it, with what `paused` means spelled out. */
export function stateLabel(state: WireSubscription["state"]): string {
  return state === "paused" ? "paused (offline)" : state;
}
