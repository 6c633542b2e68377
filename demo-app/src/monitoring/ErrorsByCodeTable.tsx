import { errorCatalog } from "@convex-lens/sdk";
import { errorDescriptions } from "@convex-lens/sdk/error-descriptions";
import { useFunctionMetrics } from "@convex-lens/sdk/react";
import { errorsByCode } from "./errorsByCode.js";

/** Failures grouped by the SDK's error code, with what each code means and who failed with it. */
export function ErrorsByCodeTable({ span }: { readonly span: "session" | "window" }) {
  const metrics = useFunctionMetrics();
  const rows = errorsByCode(metrics.functions, span);
  return (
    <>
      <h2 id="codes-heading">Errors by code</h2>
      {rows.length === 0 ? (
        <p className="muted">
          No errors{" "}
          {span === "window" ? `in the last ${Math.round(metrics.windowMs / 1_000)} s` : "yet"}.
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col">Functions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code} title={errorDescriptions[row.code]}>
                <th scope="row">
                  <code>{row.code}</code>
                  <div className="muted small">
                    {errorCatalog[row.code].retryable ? "retryable" : "not retried"}
                  </div>
                </th>
                <td className="num">{row.count}</td>
                <td className="small">
                  {row.functions.map((fn) => `${fn.functionPath} (${fn.count})`).join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
