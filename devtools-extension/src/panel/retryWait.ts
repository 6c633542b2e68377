import type { WireAttempt } from "@convex-lens/sdk/devtools-protocol";

/**
 * How long the SDK waited before attempt `attempt` (1-based): from the end of the previous
 * attempt to this one's start, or null for the first attempt or one the call never reached. The
 * attempts table and the retry event's sentence both read it, so they never disagree (the planned
 * backoff and the measured gap differed by a timer's lateness: 173 vs 175 ms, issue 15 §7).
 */
export function waitBeforeAttempt(
  attempts: readonly WireAttempt[],
  attempt: number,
): number | null {
  const index = attempts.findIndex((a) => a.attempt === attempt);
  if (index <= 0) return null;
  const previous = attempts[index - 1] as WireAttempt;
  const current = attempts[index] as WireAttempt;
  return Math.max(0, current.startedAt - (previous.startedAt + previous.durationMs));
}
