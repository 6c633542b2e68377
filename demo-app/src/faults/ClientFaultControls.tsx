import type { FaultConfig, InjectedFailure } from "@convex-lens/sdk";
import { useLens } from "@convex-lens/sdk/react";
import { useId, useState } from "react";
import { useReportError } from "../toasts/useReportError.js";
import { ChoiceSelect } from "./ChoiceSelect.js";
import { FaultControl } from "./FaultControl.js";
import { ERROR_RATE_CHOICES, LATENCY_CHOICES } from "./faultChoices.js";
import { useLensFaults } from "./useLensFaults.js";

const FAILURES: readonly { value: InjectedFailure; label: string }[] = [
  { value: "overloaded", label: "overloaded (an outage)" },
  { value: "network", label: "network" },
  { value: "timeout", label: "timeout" },
  { value: "bug", label: "a bug (function throws)" },
];

/** Drops the settings that mean "off", so `lens.faults.get()` reads as plainly as it was set. */
function withoutDefaults(config: FaultConfig): FaultConfig {
  const clean: FaultConfig = {};
  if (config.latencyMs) {
    clean.latencyMs = config.latencyMs;
    if (config.jitterMs) clean.jitterMs = config.jitterMs;
  }
  if (config.errorRate) {
    clean.errorRate = config.errorRate;
    if (config.error) clean.error = config.error;
  }
  if (config.offline) clean.offline = true;
  if (config.functions) clean.functions = config.functions;
  return clean;
}

/**
 * The SDK's client-side faults (`lens.faults.set`). They act in the page, before a call leaves the
 * SDK, so they work against any deployment, Convex cloud included. The DevTools panel's Faults
 * view drives the same settings, and this form follows its changes.
 */
export function ClientFaultControls() {
  const lens = useLens();
  const config = useLensFaults(lens);
  const report = useReportError();
  const patternId = useId();
  const [pattern, setPattern] = useState(config.functions ?? "");
  // The panel (or code) can set the pattern too: follow it when it changes, as React advises for
  // state derived from a changing value (adjust during render, no effect).
  const [followed, setFollowed] = useState(config.functions);
  if (config.functions !== followed) {
    setFollowed(config.functions);
    setPattern(config.functions ?? "");
  }
  const set = (patch: FaultConfig) => {
    try {
      lens.faults.set(withoutDefaults({ ...config, ...patch }));
    } catch (error) {
      report(error); // a bad pattern is a CONFIGURATION error: shown, not thrown
    }
  };
  const anyOn = Boolean(config.latencyMs || config.errorRate || config.offline);

  return (
    <section className="fault-group" aria-labelledby="client-faults-heading">
      <div className="section-header">
        <h3 id="client-faults-heading">In the browser (SDK)</h3>
        <button
          type="button"
          className="button button-small"
          disabled={!anyOn}
          onClick={() => lens.faults.clear()}
        >
          Clear SDK faults
        </button>
      </div>
      <p className="muted small">
        Injected by the SDK before a call leaves the page: works against any deployment.
      </p>
      <FaultControl
        title="Latency"
        active={Boolean(config.latencyMs)}
        control={
          <ChoiceSelect
            label="SDK latency"
            value={config.latencyMs ?? 0}
            choices={LATENCY_CHOICES}
            unit="ms"
            onChange={(latencyMs) => set({ latencyMs, jitterMs: Math.round(latencyMs / 2) })}
          />
        }
        inApp="Every matching call and newly opened list goes out late, as on a slow network; a ticked task shows its tick at once and the server's answer after the delay. Health degrades on query latency."
        inPanel="Long calls marked as fault-injected (convex.fault_injected)."
      />
      <FaultControl
        title="Errors"
        active={Boolean(config.errorRate)}
        control={
          <>
            <ChoiceSelect
              label="SDK error rate"
              value={config.errorRate ?? 0}
              choices={ERROR_RATE_CHOICES}
              unit="rate"
              onChange={(errorRate) => set({ errorRate })}
            />
            <label className="visually-hidden" htmlFor={`${patternId}-kind`}>
              SDK error kind
            </label>
            <select
              id={`${patternId}-kind`}
              value={config.error ?? "overloaded"}
              onChange={(event) => set({ error: event.target.value as InjectedFailure })}
            >
              {FAILURES.map((failure) => (
                <option key={failure.value} value={failure.value}>
                  {failure.label}
                </option>
              ))}
            </select>
          </>
        }
        inApp={
          config.error === "bug"
            ? "A bug: the call fails at once with a calm message, is never retried, and opens no breaker."
            : "An outage: reads retry, writes retry only when they certainly did not commit, and breakers count the failures."
        }
        inPanel="Failed attempts marked as fault-injected, with the code you picked."
      />
      <FaultControl
        title="Offline"
        active={Boolean(config.offline)}
        control={
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={Boolean(config.offline)}
              checked={Boolean(config.offline)}
              onChange={(event) => set({ offline: event.target.checked })}
            />
            Simulate offline
          </label>
        }
        inApp="The “You're offline” banner. Lists keep their last data, a ticked task shows its tick at once, and writes wait and go out when you switch it off."
        inPanel="The network check in Health; waiting calls finish when you are back online."
      />
      <form
        className="field-inline"
        onSubmit={(event) => {
          event.preventDefault();
          set({ functions: pattern.trim() || undefined });
        }}
      >
        <label htmlFor={patternId} className="small">
          Only functions matching
        </label>
        <input
          id={patternId}
          value={pattern}
          placeholder="all, or e.g. tasks:*"
          onChange={(event) => setPattern(event.target.value)}
        />
        <button type="submit" className="button button-small">
          Apply
        </button>
      </form>
    </section>
  );
}
