import { useFunctionMetrics } from "@convex-lens/sdk/react";
import { formatAgo, formatMs } from "./formatNumbers.js";
import { slowestCalls } from "./slowestCalls.js";

/**
 * The slowest calls of the session, with their trace ids: the same ids the DevTools panel and an
 * OTLP backend (Jaeger, Tempo…) show, so a slow call can be looked up there.
 */
export function SlowestCallsTable() {
  const metrics = useFunctionMetrics();
  const rows = slowestCalls(metrics.functions);
  // `startedAt` is epoch ms from the call record; "ago" is judged when the metrics last changed.
  const now = Date.now();
  return (
    <>
      <h2 id="slowest-heading">Slowest calls</h2>
      {rows.length === 0 ? (
        <p className="muted">No calls yet.</p>
      ) : (
        // Long function paths wrap and the table scrolls inside its card, never out of it.
        <div className="table-scroll">
          <table className="table table-wrap-names">
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Outcome</th>
                <th scope="col">When</th>
                <th scope="col">Trace</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((call) => (
                <tr key={call.spanId}>
                  <th scope="row">
                    <code>{call.functionPath}</code>
                  </th>
                  <td className="num">{formatMs(call.durationMs)}</td>
                  <td>{call.code ?? "ok"}</td>
                  <td className="small">{formatAgo(call.startedAt, now)}</td>
                  <td>
                    <code className="small" title={call.traceId}>
                      {call.traceId.slice(0, 8)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
