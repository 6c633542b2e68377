import { formatDuration } from "./format";
import type { CallEntry } from "./store/callEntry";

/**
 * A wait for the WebSocket at least this long gets a badge: a call that rode out an outage
 * ("ok 35.01 s") otherwise reads as a slow function, while a cold connect of a few ms needs none.
 */
export const WAITED_BADGE_MS = 100;

/** One badge a call row or detail shows beside its status. */
export interface CallBadge {
  /** Stable key, also the badge's CSS class. */
  readonly id: "retried" | "fault" | "recovered" | "waited";
  readonly label: string;
  /** What the badge means, for its tooltip. */
  readonly title: string;
}

/**
 * The badges of a call, in one fixed order, so the list and the detail agree on what makes a
 * call worth a second look: it was retried, the SDK's fault injection shaped it, it failed and a
 * retry or probe masked the failure (issue 15 §7), or most of its time was a wait for the socket.
 */
export function callBadges(call: CallEntry): CallBadge[] {
  const badges: CallBadge[] = [];
  if (call.attempts > 1)
    badges.push({
      id: "retried",
      label: `retried ×${call.attempts - 1}`,
      title: `Sent ${call.attempts} times: ${call.attempts - 1} ${call.attempts === 2 ? "retry" : "retries"}`,
    });
  if (call.faultInjected)
    badges.push({ id: "fault", label: "fault", title: "Shaped by the SDK's fault injection" });
  if (call.recovered === true)
    badges.push({
      id: "recovered",
      label: "recovered",
      title: "Failed, then a retry or a breaker probe masked it",
    });
  const waited = call.connectMs ?? 0;
  if (waited >= WAITED_BADGE_MS) {
    const took = typeof call.functionMs === "number" ? formatDuration(call.functionMs) : "–";
    badges.push({
      id: "waited",
      // Short enough to fit the status column beside "ok"; the tooltip says what it waited for.
      label: `waited ${formatDuration(waited)}`,
      title: `Waited ${formatDuration(waited)} for the WebSocket to connect (an outage or a cold connect); the function took ${took}`,
    });
  }
  return badges;
}
