import type { CheckStatus, HealthCheckName } from "@convex-lens/sdk";

/** People's words for each status, shared by the badge and the dashboard. */
export const STATUS_LABEL: Record<CheckStatus, string> = {
  healthy: "Healthy",
  degraded: "Degraded",
  unhealthy: "Unhealthy",
  no_data: "No data yet",
};

/** People's words for each health check. */
export const CHECK_LABEL: Record<HealthCheckName, string> = {
  connection: "Connection",
  offline: "Network",
  query_latency: "Query latency",
  mutation_success: "Write success",
  error_rate: "Error rate",
  breakers: "Breakers",
  subscriptions: "Live queries",
};
