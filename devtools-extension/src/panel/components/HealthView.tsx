import { checkLabel, checkStatusText } from "../checkLabel";
import { formatClock, formatDuration, formatPercent } from "../format";
import { callsOfSession, functionTableCaption } from "../functionTableCaption";
import { type HealthMissing, healthMissing } from "../healthMissing";
import { healthSummary } from "../healthSummary";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";
import { LineChart } from "./LineChart";

/**
 * Health: the SDK's status and every check (value against threshold, with its message), the
 * connection, charts of latency and error rate over time, and a per-function table.
 */
export function HealthView(props: { store: PanelStore }) {
  const { store } = props;
  const health = store.health;
  const connection = store.connection;
  const points = store.series.points();
  // The charts span wall-clock time from the first bucket to the last, so idle seconds show as gaps.
  const bucketMs = store.series.bucketMs;
  const timeRange = {
    from: points[0]?.at ?? 0,
    to: (points[points.length - 1]?.at ?? 0) + bucketMs,
    gapMs: bucketMs,
  };
  const rows = store.functionRows();
  const fromSdk = store.metrics !== null && store.metrics.functions.length > 0;
  const changes = store.healthChanges.newest(20).reverse();
  const summary = health ? healthSummary(health) : null;
  const caption = functionTableCaption({
    fromSdk,
    sessionStartedAt: store.session?.startedAt,
    callsThisLoad: store.session ? callsOfSession(store.calls, store.session.sessionId) : 0,
    callsInLog: store.calls.size,
  });
  return (
    <div class="view">
      <section class="section" data-testid="health-status">
        <strong>Status: </strong>
        {health ? (
          <>
            <span class={`badge ${health.status}`}>{health.status}</span>
            <span class="kind" data-testid="health-at">
              {" "}
              as of {formatClock(health.at)}
            </span>
          </>
        ) : (
          <span class="kind" data-testid="health-missing">
            <MissingReason reason={healthMissing(store)} />
          </span>
        )}
        {summary?.pendingNote && <span data-testid="health-pending"> · {summary.pendingNote}</span>}
        {health?.live !== undefined && <span> · live: {health.live ? "yes" : "no"}</span>}
        {health?.ready !== undefined && <span> · ready: {health.ready ? "yes" : "no"}</span>}
        <span>
          {" "}
          · browser {connection ? (connection.online ? "online" : "offline") : "–"}, WebSocket{" "}
          {connection ? (connection.connected ? "connected" : "disconnected") : "–"}
        </span>
      </section>
      {health && health.checks.length > 0 && (
        <section class="section">
          <table class="grid" data-testid="health-checks">
            <thead>
              <tr>
                <th>Check</th>
                <th>Status</th>
                <th class="num">Value</th>
                <th class="num">Threshold</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {health.checks.map((check) => {
                const label = checkLabel(check);
                return (
                  <tr key={check.name}>
                    <td title={visibleText(check.name)}>{visibleText(label.name)}</td>
                    <td>
                      <span class={`badge ${check.status}`}>{checkStatusText(check.status)}</span>
                    </td>
                    <td class="num">{label.value}</td>
                    <td class="num">{label.threshold}</td>
                    <td>{label.why}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <section class="section charts">
        <LineChart
          title="Latency per second"
          series={[
            { label: "p50", points: points.map((p) => ({ at: p.at, value: p.p50 })) },
            {
              label: "p95",
              points: points.map((p) => ({ at: p.at, value: p.p95 })),
              className: "second",
            },
          ]}
          {...timeRange}
          format={formatDuration}
        />
        <LineChart
          title="Error rate per second"
          series={[
            {
              label: "errors",
              points: points.map((p) => ({ at: p.at, value: p.errorRate })),
              className: "error",
            },
          ]}
          {...timeRange}
          format={formatPercent}
        />
      </section>
      <section class="section">
        <div class="kind" data-testid="function-table-caption">
          {caption}
        </div>
        <table class="grid" data-testid="function-table">
          <thead>
            <tr>
              <th>Function</th>
              <th>Kind</th>
              <th class="num">Calls</th>
              <th class="num">Error rate</th>
              <th class="num">p50</th>
              <th class="num">p95</th>
              <th class="num">p99</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.kind}:${row.functionPath}`}>
                <td>{visibleText(row.functionPath)}</td>
                <td class="kind">{row.kind}</td>
                <td class="num">{row.count}</td>
                <td class="num">{formatPercent(row.errorRate)}</td>
                <td class="num">{formatDuration(row.p50)}</td>
                <td class="num">{formatDuration(row.p95)}</td>
                <td class="num">{formatDuration(row.p99)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {changes.length > 0 && (
        <section class="section">
          <h3>Health changes</h3>
          <ul>
            {changes.map((change) => (
              <li key={`${change.session}:${change.seq}`}>
                {formatClock(change.at)}: {change.previous ?? "?"} → {change.status}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The sentence for each reason there is no report, with what to do about it. */
function MissingReason(props: { reason: HealthMissing }) {
  switch (props.reason) {
    case "imported":
      return <>not in the imported file: an export holds calls and spans, not health reports.</>;
    case "bridge-off":
      return (
        <>
          not reported: the page's DevTools bridge is off (the default in production builds). Turn
          it on with{" "}
          <code>
            createLens({"{"} devtools: true {"}"})
          </code>{" "}
          and reload.
        </>
      );
    case "no-page":
      return <>not reported: no page with the Convex Lens SDK is connected.</>;
    case "no-module":
      return (
        <>
          not reported: the page's lens has no health module. Add it with{" "}
          <code>
            createLens({"{"} use: [metrics(), health()] {"}"})
          </code>
          , or <code>use: everything()</code> for every module.
        </>
      );
  }
}
