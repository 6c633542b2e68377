import type { HealthCheck } from "@convex-lens/sdk";
import { useHealth } from "@convex-lens/sdk/react";
import { CHECK_LABEL, STATUS_LABEL } from "../status/healthText.js";
import { formatMs, formatRate } from "./formatNumbers.js";

function formatValue(
  check: HealthCheck,
  value: number | null,
  role: "value" | "threshold",
): string {
  if (value === null) return "—";
  switch (check.name) {
    case "connection":
      return role === "value" && value === 0 ? "connected" : formatMs(value);
    case "offline":
      return role === "value" && value === 0 ? "online" : formatMs(value);
    case "query_latency":
      return formatMs(value);
    case "mutation_success":
    case "error_rate":
      return formatRate(value);
    case "breakers":
      return `${value} open`;
    case "subscriptions":
      return `${value} in error`;
  }
}

/** The health status, live and ready, and every check with its value against its threshold. */
export function HealthPanel() {
  const health = useHealth();
  return (
    <>
      <div className="section-header">
        <h2 id="health-heading">Health</h2>
        <span className={`badge badge-${health.status}`} data-testid="monitoring-health">
          <span className="dot" aria-hidden="true" />
          {STATUS_LABEL[health.status]}
        </span>
      </div>
      <p className="muted small">
        Live: {health.live ? "yes" : "no"} · Ready: {health.ready ? "yes" : "no"}
        {health.pending
          ? ` · heading for ${STATUS_LABEL[health.pending.status].toLowerCase()}`
          : ""}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              Threshold
            </th>
          </tr>
        </thead>
        <tbody>
          {health.checks.map((check) => (
            <tr key={check.name} title={check.message}>
              <th scope="row">{CHECK_LABEL[check.name]}</th>
              <td>
                <span className={`dot dot-${check.status}`} aria-hidden="true" />{" "}
                {STATUS_LABEL[check.status]}
              </td>
              <td className="num">{formatValue(check, check.value, "value")}</td>
              <td className="num">{formatValue(check, check.threshold, "threshold")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="check-messages small">
        {health.checks
          .filter((check) => check.status !== "healthy" && check.status !== "no_data")
          .map((check) => (
            <li key={check.name}>{check.message}</li>
          ))}
      </ul>
    </>
  );
}
