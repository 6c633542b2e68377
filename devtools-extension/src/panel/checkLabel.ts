import type { WireHealthCheck } from "@convex-lens/sdk/devtools-protocol";
import { formatDuration, formatPercent } from "./format";

/** A health check as people read it: a name, its value with units, the bound, and why. */
export interface CheckLabel {
  readonly name: string;
  readonly value: string;
  readonly threshold: string;
  /** The sentence beside it: the SDK's message, or the panel's where that one misled. */
  readonly why: string;
}

// The SDK's check names (sdk/src/telemetry/health.ts, HealthCheckName), what each value measures
// (HealthCheck.value) and its unit. Counts judged against 0 ("any open") have no user threshold.
// The rate checks count system failures only (sdk/src/telemetry/healthChecks.ts, rateVerdict), so
// their names say so: "Mutation success 100%" beside a failed mutation read as a bug.
const CHECKS: Record<string, { name: string; unit: "ms" | "fraction" | "count"; atLeast?: true }> =
  {
    connection: { name: "WebSocket connection", unit: "ms" },
    offline: { name: "Browser online", unit: "ms" },
    query_latency: { name: "Query latency", unit: "ms" },
    mutation_success: { name: "Mutation success (system)", unit: "fraction", atLeast: true },
    error_rate: { name: "Error rate (system)", unit: "fraction" },
    breakers: { name: "Open breakers", unit: "count" },
    subscriptions: { name: "Subscriptions in error", unit: "count" },
  };

const STATUS_WORDS: Record<string, string> = { no_data: "no data" };

/** A check's status in words ("no data", not `no_data`). */
export function checkStatusText(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/**
 * Friendly name, value, threshold and reason of a check: "Query latency (p95)", "120 ms", "warn
 * above 500 ms". The threshold is the bound the user set (the SDK sends the warning bound, or the
 * critical one once unhealthy); raw names and a threshold of "0" read as bugs (issue 15 §7).
 */
export function checkLabel(check: WireHealthCheck): CheckLabel {
  const known = CHECKS[check.name];
  const name = known ? `${known.name}${statisticSuffix(check)}` : check.name;
  const unit = known?.unit;
  const format = (v: number) =>
    unit === "ms" ? formatDuration(v) : unit === "fraction" ? formatPercent(v) : String(v);
  const value = check.value === null ? "–" : (stateValue(check) ?? format(check.value));
  let threshold = "–";
  if (check.threshold !== null && check.status !== "no_data") {
    const level = check.status === "unhealthy" ? "critical" : "warn";
    if (unit === "count" || check.name === "offline") threshold = "any";
    else if (check.name === "connection" && check.threshold === 0) threshold = `${level} when down`;
    else threshold = `${level} ${known?.atLeast ? "below" : "above"} ${format(check.threshold)}`;
  }
  return { name, value, threshold, why: systemRateWhy(check) ?? check.message };
}

// The connection and offline checks are states first: their value is the time down (or offline),
// or for a connected socket the longest wait of a call for it, and 0 when nothing waited. "0 µs"
// beside "Browser online" read as a duration that measured nothing; these say what is true.
function stateValue(check: WireHealthCheck): string | null {
  const ms = check.value ?? 0;
  if (check.name === "offline") return ms > 0 ? `offline ${formatDuration(ms)}` : "online";
  if (check.name !== "connection") return null;
  if (check.details?.connected === false) return `down ${formatDuration(ms)}`;
  return ms > 0 ? `waited ${formatDuration(ms)}` : "connected";
}

// The SDK's sentence for a rate (before 2026-12-06: "100% of mutations succeeded") hid that it
// counts only system failures (sdk/src/telemetry/failureClass.ts): an APPLICATION error is the
// app's own answer. From the check's own figures (`calls` considered, `failed` for system reasons)
// the panel says what it measures; an SDK without them keeps its own message.
function systemRateWhy(check: WireHealthCheck): string | null {
  const noun =
    check.name === "mutation_success" ? "mutation" : check.name === "error_rate" ? "call" : null;
  const calls = check.details?.calls;
  const failed = check.details?.failed;
  if (noun === null || typeof calls !== "number" || typeof failed !== "number" || calls === 0)
    return null;
  const nouns = calls === 1 ? noun : `${noun}s`;
  const subject =
    failed > 0
      ? `${failed} of the ${calls} ${nouns}`
      : calls === 1
        ? `The only ${noun}`
        : `None of the ${calls} ${nouns}`;
  const verb = failed === 0 && calls === 1 ? "did not fail" : "failed";
  // Sent by SDKs that count them (details.appFailed); older ones leave it out.
  const appFailed = check.details?.appFailed;
  const apps =
    typeof appFailed === "number" && appFailed > 0
      ? ` ${appFailed} failed with the app's own error.`
      : "";
  return `${subject} in the window ${verb} for system reasons (network, timeout, overload, a server error…); the app's own answers (APPLICATION, VALIDATION, NOT_FOUND, CONFLICT, auth) are not counted here.${apps}`;
}

// The SDK judges latency by its average unless the p95 gives the worse verdict, and says which in
// `details.statistic`. An SDK from before that field gets no qualifier rather than a guess.
function statisticSuffix(check: WireHealthCheck): string {
  const statistic = check.details?.statistic;
  return statistic === "p95" || statistic === "average" ? ` (${statistic})` : "";
}
