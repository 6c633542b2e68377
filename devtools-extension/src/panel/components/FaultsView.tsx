import type { WireFaultConfig } from "@convex-lens/sdk/devtools-protocol";
import { useEffect, useState } from "preact/hooks";
import { type FaultForm, faultFormOf, faultSummary } from "../faultSummary";
import type { PanelConnection } from "../panelConnection";
import type { PanelStore } from "../store/panelStore";

/** The SDK's injectable failures: an outage's (retried, counted by breakers) or a bug's (neither). */
const ERROR_KINDS = [
  { value: "overloaded", label: "overloaded (an outage: retried)" },
  { value: "network", label: "network (connection failed: retried)" },
  { value: "timeout", label: "timeout" },
  { value: "bug", label: "bug (a function that throws: never retried)" },
] as const;

/** Parses the form into a fault configuration, or says which field is wrong. */
export function parseFaultForm(form: FaultForm): { config: WireFaultConfig } | { problem: string } {
  const config: WireFaultConfig = {};
  const number = (text: string, name: string, max: number): number | string | undefined => {
    if (text.trim() === "") return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > max)
      return `${name} must be a number from 0 to ${max}.`;
    return value;
  };
  const latency = number(form.latencyMs, "Latency", 600_000);
  const jitter = number(form.jitterMs, "Jitter", 600_000);
  const percent = number(form.errorPercent, "Error rate", 100);
  for (const value of [latency, jitter, percent])
    if (typeof value === "string") return { problem: value };
  if (typeof latency === "number") config.latencyMs = latency;
  if (typeof jitter === "number") config.jitterMs = jitter;
  if (typeof percent === "number") config.errorRate = percent / 100;
  const kind = ERROR_KINDS.find((known) => known.value === form.error);
  if (kind !== undefined) config.error = kind.value;
  if (form.functions.trim() !== "") config.functions = form.functions.trim();
  return { config };
}

/** The SDK's client-side fault injection, driven from the panel: latency, errors, offline. */
export function FaultsView(props: { store: PanelStore; connection: PanelConnection }) {
  const { store, connection } = props;
  const current = store.faults ?? {};
  const [form, setForm] = useState(() => faultFormOf(store.faults));
  // Each faults item from the page (after Apply, or its own controls) refills the form, so the
  // panel and the page always show the same settings.
  useEffect(() => setForm(faultFormOf(store.faults)), [store.faults]);
  const [problem, setProblem] = useState<string | null>(null);
  const allowed = store.session?.commandsAllowed ?? false;
  const why = allowed
    ? undefined
    : "This page does not accept commands (production build without allowCommands).";
  const field = (name: keyof typeof form, label: string, placeholder: string) => (
    <>
      <label for={`fault-${name}`}>{label}</label>
      <input
        id={`fault-${name}`}
        value={form[name]}
        placeholder={placeholder}
        onInput={(event) => setForm({ ...form, [name]: (event.target as HTMLInputElement).value })}
      />
    </>
  );
  return (
    <div class="view">
      <section class="section">
        <strong>Now: </strong>
        <span data-testid="current-faults">{faultSummary(store.faults)}</span>
      </section>
      <section class="section">
        <form
          class="form"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseFaultForm(form);
            if ("problem" in parsed) {
              setProblem(parsed.problem);
              return;
            }
            setProblem(null);
            connection.command({
              name: "setFaults",
              faults: { ...parsed.config, offline: current.offline === true },
            });
          }}
        >
          {field("latencyMs", "Added latency (ms)", "e.g. 300")}
          {field("jitterMs", "Jitter (ms)", "e.g. 100")}
          {field("errorPercent", "Error rate (%)", "e.g. 30")}
          <label for="fault-error">Error kind</label>
          <select
            id="fault-error"
            value={form.error}
            onChange={(event) =>
              setForm({ ...form, error: (event.target as HTMLSelectElement).value })
            }
          >
            {ERROR_KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
          {field("functions", "Only functions", "e.g. messages:*")}
          <span />
          <span>
            <button type="submit" disabled={!allowed} title={why}>
              Apply
            </button>{" "}
            <button
              type="button"
              disabled={!allowed}
              title={why}
              onClick={() => connection.command({ name: "clearFaults" })}
            >
              Clear faults
            </button>
          </span>
        </form>
        {problem && <div role="alert">{problem}</div>}
      </section>
      <section class="section">
        <button
          type="button"
          disabled={!allowed}
          title={why}
          aria-pressed={current.offline === true}
          onClick={() =>
            connection.command({ name: "setOffline", offline: current.offline !== true })
          }
        >
          {current.offline === true ? "Go back online" : "Go offline"}
        </button>{" "}
        <span class="kind">
          Simulates offline in the SDK: calls wait for the network and go out once it is back.
        </span>
      </section>
    </div>
  );
}
