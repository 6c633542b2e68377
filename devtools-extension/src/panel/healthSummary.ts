import type { WireHealth } from "@convex-lens/sdk/devtools-protocol";

const RANK: Readonly<Record<string, number>> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** What the tab label and the Health view both say, so they can never disagree. */
export interface HealthSummary {
  /** The status the SDK reports (after its hysteresis). */
  readonly status: string;
  /**
   * The worst verdict among the checks when it differs from `status`: a change the SDK has seen
   * but not yet reported, because it has not held long enough. `null` when the two agree.
   */
  readonly pending: string | null;
  /** The tab's suffix, e.g. " (healthy → degraded)". */
  readonly label: string;
  /** The status line's sentence about a pending change, or `null`. */
  readonly pendingNote: string | null;
}

/**
 * Reads one health report for the panel. The SDK's status lags its checks by design (hysteresis),
 * so a tab saying "healthy" beside a degraded check looked like a contradiction: showing both,
 * from the same report, in the tab and the view alike, keeps them coherent.
 */
export function healthSummary(health: WireHealth): HealthSummary {
  let worst = "healthy";
  for (const check of health.checks) {
    if ((RANK[check.status] ?? -1) > (RANK[worst] ?? 0)) worst = check.status;
  }
  const pending = worst === health.status ? null : worst;
  return {
    status: health.status,
    pending,
    label: pending === null ? ` (${health.status})` : ` (${health.status} → ${pending})`,
    pendingNote:
      pending === null
        ? null
        : `the checks point to ${pending}; the SDK reports it once it has held long enough`,
  };
}
