import type { WireHealthCheck } from "@convex-lens/sdk/devtools-protocol";
import { formatDuration, formatPercent } from "./format";

/** A health check as people read it: a name, its value with units, and the bound it is held to. */
export interface CheckLabel {
  readonly name: string;
  readonly value: string;
  readonly threshold: string;
}

// The SDK's check names (sdk/src/telemetry/health.ts, HealthCheckName), what each value measures
// (HealthCheck.value) and its unit. Counts judged against 0 ("any open") have no user threshold.
const CHECKS: Record<string, { name: string; unit: "ms" | "fraction" | "count"; atLeast?: true }> =
  {
    connection: { name: "WebSocket connection", unit: "ms" },
    offline: { name: "Browser online", unit: "ms" },
    query_latency: { name: "Query latency", unit: "ms" },
    mutation_success: { name: "Mutation success", unit: "fraction", atLeast: true },
    error_rate: { name: "Error rate", unit: "fraction" },
    breakers: { name: "Open breakers", unit: "count" },
    subscriptions: { name: "Subscriptions in error", unit: "count" },
  };

const STATUS_WORDS: Record<string, string> = { no_data: "no data" };

/** A check's status in words ("no data", not `no_data`). */
export function checkStatusText(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/**
 * Friendly name, value and threshold of a check: "Query latency (p95)", "120 ms", "warn above
 * 500 ms". The threshold is the bound the user set (the SDK sends the warning bound, or the
 * critical one once unhealthy); raw names and a threshold of "0" read as bugs (issue 15 §7).
 */
export function checkLabel(check: WireHealthCheck): CheckLabel {
  const known = CHECKS[check.name];
  const name = known ? `${known.name}${statisticSuffix(check)}` : check.name;
  const unit = known?.unit;
  const format = (v: number) =>
    unit === "ms" ? formatDuration(v) : unit === "fraction" ? formatPercent(v) : String(v);
  const value = check.value === null ? "–" : format(check.value);
  let threshold = "–";
  if (check.threshold !== null && check.status !== "no_data") {
    const level = check.status === "unhealthy" ? "critical" : "warn";
    if (unit === "count" || check.name === "offline") threshold = "any";
    else if (check.name === "connection" && check.threshold === 0) threshold = `${level} when down`;
    else threshold = `${level} ${known?.atLeast ? "below" : "above"} ${format(check.threshold)}`;
  }
  return { name, value, threshold };
}

// The SDK judges latency by its average unless the p95 gives the worse verdict, and says which in
// `details.statistic`. An SDK from before that field gets no qualifier rather than a guess.
function statisticSuffix(check: WireHealthCheck): string {
  const statistic = check.details?.statistic;
  return statistic === "p95" || statistic === "average" ? ` (${statistic})` : "";
}
