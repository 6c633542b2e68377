import type { CallEntry } from "./store/callEntry";

/** One badge a call row or detail shows beside its status. */
export interface CallBadge {
  /** Stable key, also the badge's CSS class. */
  readonly id: "retried" | "fault" | "recovered";
  readonly label: string;
  /** What the badge means, for its tooltip. */
  readonly title: string;
}

/**
 * The badges of a call, in one fixed order, so the list and the detail agree on what makes a
 * call worth a second look: it was retried, the SDK's fault injection shaped it, or it failed and
 * a retry or probe masked the failure (issue 15 §7).
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
  return badges;
}
