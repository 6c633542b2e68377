import type { WireInflightCall } from "@convex-lens/sdk/devtools-protocol";
import { useEffect, useState } from "preact/hooks";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";

/** How often the pending rows' elapsed times move on. */
const TICK_MS = 1_000;

/** What a pending call waits for, in the words the row shows. */
export function inflightWaitLabel(call: WireInflightCall): string {
  switch (call.waitingFor) {
    case "server":
      return "awaiting the server";
    case "socket":
      return "waiting for the WebSocket";
    case "offline":
      return "held offline";
    case "bulkhead":
      return "queued for a bulkhead slot";
    case "backoff":
      return `backing off before attempt ${call.attempt + 1}`;
    default:
      return "pending";
  }
}

/** Whole seconds, then minutes and seconds: a hanging call is read at a glance, not to the ms. */
export function elapsedLabel(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The page's calls in flight, as "pending" rows above the calls list: what each waits for and for
 * how long, ticking each second. A row goes when its call's record arrives. Nothing is shown
 * without a live page session, or when nothing hangs.
 */
export function InflightCalls(props: { store: PanelStore }) {
  const { store } = props;
  const session = store.importedFrom === null ? (store.session?.sessionId ?? null) : null;
  const calls = store.inflight.pending(session);
  const unlisted = store.inflight.unlisted(session);
  const [now, setNow] = useState(() => Date.now());
  const ticking = calls.length > 0;
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  if (!ticking) return null;
  return (
    <section
      class="inflight"
      aria-label="Calls in flight"
      data-testid="inflight-calls"
      style={{ borderBottom: "1px solid var(--border)", padding: "2px 8px" }}
    >
      <ul style={{ listStyle: "none", margin: 0, padding: 0, fontFamily: "monospace" }}>
        {calls.map((call) => (
          <li key={call.id} class="inflight-row" data-testid="inflight-row">
            <strong>pending</strong> <span class="kind">{call.kind}</span>{" "}
            <code>{visibleText(call.functionPath)}</code>{" "}
            <span>
              {inflightWaitLabel(call)} · {elapsedLabel(now - call.startedAt)}
            </span>
            {call.attempt > 1 && call.waitingFor !== "backoff" && (
              <span class="kind"> · attempt {call.attempt}</span>
            )}
          </li>
        ))}
        {unlisted > 0 && <li class="kind">and {unlisted.toLocaleString()} more in flight</li>}
      </ul>
    </section>
  );
}
