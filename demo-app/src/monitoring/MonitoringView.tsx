import { useFunctionMetrics } from "@convex-lens/sdk/react";
import { useState } from "react";
import { ViewBoundary } from "../shell/ViewError.js";
import { BreakerTable } from "./BreakerTable.js";
import { ErrorsByCodeTable } from "./ErrorsByCodeTable.js";
import { FunctionTable } from "./FunctionTable.js";
import { HealthPanel } from "./HealthPanel.js";
import { SlowestCallsTable } from "./SlowestCallsTable.js";

/**
 * The monitoring dashboard, for people without the DevTools extension. Everything here comes from
 * the SDK's public hooks (`useHealth`, `useFunctionMetrics`, `useBreakers`, `useLens`), so it is
 * also their showcase: none of it polls, each part re-renders when its numbers change.
 */
export function MonitoringView() {
  const [span, setSpan] = useState<"session" | "window">("window");
  const windowSeconds = Math.round(useFunctionMetrics().windowMs / 1_000);
  return (
    <div className="monitoring">
      <div className="section-header">
        <h1>Monitoring</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">Figures over</legend>
          <label>
            <input
              type="radio"
              name="span"
              checked={span === "window"}
              onChange={() => setSpan("window")}
            />
            Last {windowSeconds} s
          </label>
          <label>
            <input
              type="radio"
              name="span"
              checked={span === "session"}
              onChange={() => setSpan("session")}
            />
            Since page load
          </label>
        </fieldset>
      </div>
      <div className="monitoring-grid">
        <section className="card" aria-labelledby="health-heading">
          <ViewBoundary name="health">
            <HealthPanel />
          </ViewBoundary>
        </section>
        <section className="card" aria-labelledby="breakers-heading">
          <ViewBoundary name="breakers">
            <BreakerTable />
          </ViewBoundary>
        </section>
        <section className="card wide" aria-labelledby="functions-heading">
          <ViewBoundary name="function table">
            <FunctionTable span={span} />
          </ViewBoundary>
        </section>
        <section className="card" aria-labelledby="codes-heading">
          <ViewBoundary name="errors by code">
            <ErrorsByCodeTable span={span} />
          </ViewBoundary>
        </section>
        <section className="card" aria-labelledby="slowest-heading">
          <ViewBoundary name="slowest calls">
            <SlowestCallsTable />
          </ViewBoundary>
        </section>
      </div>
    </div>
  );
}
