import { useMemo } from "react";
import { useToastStore } from "../toasts/toastContext.js";
import { type BackendFaults, createBackendAdmin } from "./backendAdmin.js";
import { ChoiceSelect } from "./ChoiceSelect.js";
import { FaultControl } from "./FaultControl.js";
import { DROP_EVERY_CHOICES, ERROR_RATE_CHOICES, LATENCY_CHOICES } from "./faultChoices.js";
import { useBackendFaults } from "./useBackendFaults.js";

/** The backend's error kinds: an outage's four shapes, as Convex sends them, and a function's bug. */
const ERROR_KINDS: readonly { value: BackendFaults["errorKind"]; label: string }[] = [
  { value: "overloaded", label: "overloaded (an outage)" },
  { value: "unavailable", label: "unavailable (503)" },
  { value: "try_again_later", label: "try again later (500)" },
  { value: "rate_limited", label: "rate limited (429)" },
  { value: "bug", label: "a bug (function throws)" },
];

/**
 * The local backend's faults, through its admin API: they happen on the server side of the wire,
 * exactly as a slow, failing or unreachable deployment would look to the app.
 */
export function BackendFaultControls({
  adminUrl,
  adminToken,
}: {
  readonly adminUrl: string;
  readonly adminToken: string | null;
}) {
  const admin = useMemo(() => createBackendAdmin(adminUrl, adminToken), [adminUrl, adminToken]);
  const { faults, busy, error, apply } = useBackendFaults(admin);
  const toasts = useToastStore();
  const set = (patch: Partial<BackendFaults>) => apply((a) => a.setFaults(patch));
  const current = faults ?? null;
  const anyOn =
    current !== null &&
    (current.latencyMs > 0 ||
      current.errorRate > 0 ||
      current.dropSocketsEveryMs !== null ||
      current.refuseConnections);

  return (
    <section className="fault-group" aria-labelledby="backend-faults-heading" aria-busy={busy}>
      <div className="section-header">
        <h3 id="backend-faults-heading">Local backend</h3>
        <button
          type="button"
          className="button button-small"
          disabled={!anyOn}
          onClick={() => apply((a) => a.clearFaults())}
        >
          Clear backend faults
        </button>
      </div>
      <p className="muted small">
        Injected by the offline backend, on the server side of the wire.
      </p>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      {current === null ? null : (
        <>
          <FaultControl
            title="Latency"
            active={current.latencyMs > 0}
            control={
              <ChoiceSelect
                label="Backend latency"
                value={current.latencyMs}
                choices={LATENCY_CHOICES}
                unit="ms"
                onChange={(latencyMs) => set({ latencyMs, jitterMs: Math.round(latencyMs / 2) })}
              />
            }
            inApp="Writes and newly opened lists take longer. Past 100 ms on average (or 300 ms at p95) for reads, the health badge turns Degraded."
            inPanel="Long bars in the waterfall; the Health view shows query latency over its threshold."
          />
          <FaultControl
            title="Errors"
            active={current.errorRate > 0}
            control={
              <>
                <ChoiceSelect
                  label="Backend error rate"
                  value={current.errorRate}
                  choices={ERROR_RATE_CHOICES}
                  unit="rate"
                  onChange={(errorRate) => set({ errorRate })}
                />
                <label className="visually-hidden" htmlFor="backend-error-kind">
                  Backend error kind
                </label>
                <select
                  id="backend-error-kind"
                  value={current.errorKind}
                  onChange={(event) =>
                    set({ errorKind: event.target.value as BackendFaults["errorKind"] })
                  }
                >
                  {ERROR_KINDS.map((kind) => (
                    <option key={kind.value} value={kind.value}>
                      {kind.label}
                    </option>
                  ))}
                </select>
              </>
            }
            inApp={
              current.errorKind === "bug"
                ? "A bug fails at once: a write shows a calm toast, a list shows its error with Try again. Never retried (the same call would fail the same way), and no breaker opens; the health badge degrades on the error rate."
                : "Nothing fails: as a real deployment does, the backend closes the connection; the Convex client waits 1–4 s, reconnects and re-sends its writes, which land once. Writes and newly opened lists take seconds. Over HTTP the SDK retries these answers and breakers count them."
            }
            inPanel={
              current.errorKind === "bug"
                ? "Calls with one attempt, each a SERVER_ERROR with its request id; the Errors view groups them by code."
                : "The connection going down and up, and calls that take seconds; no failed attempt over the WebSocket."
            }
          />
          <FaultControl
            title="Dropped connections"
            active={current.dropSocketsEveryMs !== null}
            control={
              <>
                <button
                  type="button"
                  className="button button-small"
                  onClick={async () => {
                    try {
                      const dropped = await admin.dropSockets();
                      toasts.show({ tone: "info", message: `Dropped ${dropped} connection(s).` });
                    } catch (failure) {
                      toasts.show({
                        tone: "error",
                        message: failure instanceof Error ? failure.message : String(failure),
                      });
                    }
                  }}
                >
                  Drop now
                </button>
                <ChoiceSelect
                  label="Drop connections every"
                  value={current.dropSocketsEveryMs ?? 0}
                  choices={DROP_EVERY_CHOICES}
                  unit="ms"
                  onChange={(every) => set({ dropSocketsEveryMs: every === 0 ? null : every })}
                />
              </>
            }
            inApp="A blip: the Convex client reconnects by itself. A write in flight is re-sent and applied once — count the tasks."
            inPanel="The connection going down and up. A running action fails with ACTION_CONNECTION_LOST, or is retried when declared idempotent, as “Suggest subtasks” is."
          />
          <FaultControl
            title="Outage"
            active={current.refuseConnections}
            control={
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked={current.refuseConnections}
                  checked={current.refuseConnections}
                  onChange={(event) => set({ refuseConnections: event.target.checked })}
                />
                Backend down
              </label>
            }
            inApp="The “Reconnecting” banner; health turns Degraded, then Unhealthy after 15 s. Writes are held, not failed, and lists keep their last data. Switch it off: the held writes land exactly once, and health recovers by itself within about 25 s."
            inPanel="The held writes going out after the reconnect; the connection check in Health."
          />
        </>
      )}
    </section>
  );
}
