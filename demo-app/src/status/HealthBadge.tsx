import { useHealth } from "@convex-lens/sdk/react";
import { useId, useState } from "react";
import { CHECK_LABEL, STATUS_LABEL } from "./healthText.js";

/**
 * The lens's health in the header: a coloured dot and a word. Hover, focus or click it to see each
 * check and why it says what it says. Built on `useHealth()`, which re-renders only on a change.
 */
export function HealthBadge() {
  const health = useHealth();
  const [pinned, setPinned] = useState(false);
  const popoverId = useId();
  return (
    <div className={pinned ? "health-badge pinned" : "health-badge"} data-status={health.status}>
      <button
        type="button"
        className={`badge badge-${health.status}`}
        aria-expanded={pinned}
        aria-controls={popoverId}
        aria-label={`Health: ${STATUS_LABEL[health.status]}. Show checks.`}
        onClick={() => setPinned((open) => !open)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setPinned(false);
        }}
      >
        <span className="dot" aria-hidden="true" />
        {STATUS_LABEL[health.status]}
        {health.pending ? (
          <span className="muted small"> → {STATUS_LABEL[health.pending.status]}?</span>
        ) : null}
      </button>
      <section id={popoverId} className="popover" aria-label="Health checks">
        <ul className="checks">
          {health.checks.map((check) => (
            <li key={check.name} data-check={check.name} data-status={check.status}>
              <span className={`dot dot-${check.status}`} aria-hidden="true" />
              <strong>{CHECK_LABEL[check.name]}</strong>{" "}
              <span className="muted">{STATUS_LABEL[check.status]}</span>
              <div className="small">{check.message}</div>
            </li>
          ))}
        </ul>
        <p className="muted small">
          {health.ready ? "Ready: connected and serving." : "Not ready."} A change shows after it
          holds for a moment, so health does not flap.
        </p>
      </section>
    </div>
  );
}
