import { useFunctionMetrics } from "@convex-lens/sdk/react";
import { formatMs, formatRate } from "./formatNumbers.js";

/** Every function the page called: calls, errors, error rate and p50/p95/p99 latency. */
export function FunctionTable({ span }: { readonly span: "session" | "window" }) {
  const metrics = useFunctionMetrics();
  const rows = metrics.functions.filter((fn) => fn[span].calls > 0);
  return (
    <>
      <h2 id="functions-heading">Functions</h2>
      {rows.length === 0 ? (
        <p className="muted">
          No calls{" "}
          {span === "window" ? `in the last ${Math.round(metrics.windowMs / 1_000)} s` : "yet"}.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="function-table">
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col" className="num">
                  Error rate
                </th>
                <th scope="col" className="num">
                  p50
                </th>
                <th scope="col" className="num">
                  p95
                </th>
                <th scope="col" className="num">
                  p99
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((fn) => {
                const stats = fn[span];
                return (
                  <tr key={`${fn.kind} ${fn.functionPath}`}>
                    <th scope="row">
                      <code>{fn.functionPath}</code>
                    </th>
                    <td>
                      <span className={`kind kind-${fn.kind}`}>{fn.kind}</span>
                    </td>
                    <td className="num">{stats.calls}</td>
                    <td className="num">{stats.failures}</td>
                    <td className={stats.failures > 0 ? "num warn" : "num"}>
                      {formatRate(stats.errorRate)}
                    </td>
                    <td className="num">{formatMs(stats.latency?.p50)}</td>
                    <td className="num">{formatMs(stats.latency?.p95)}</td>
                    <td className="num">{formatMs(stats.latency?.p99)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
