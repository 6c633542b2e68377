import { type ReactNode, useId, useState } from "react";

/**
 * One fault control as a compact row (its name and its control), with what to watch for once it
 * is on (in the app, and in the DevTools panel) one click away behind an info button. The point of
 * the demo is seeing the effect, so the story stays next to the control, but folded: a sidebar of
 * prose hid the controls themselves.
 */
export function FaultControl({
  title,
  control,
  inApp,
  inPanel,
  active,
}: {
  readonly title: string;
  readonly control: ReactNode;
  readonly inApp: ReactNode;
  readonly inPanel: ReactNode;
  readonly active: boolean;
}) {
  const watchId = useId();
  const [open, setOpen] = useState(false);
  return (
    <div className={active ? "fault fault-active" : "fault"}>
      <div className="fault-head">
        <span className="fault-title">{title}</span>
        <div className="fault-control">{control}</div>
        <button
          type="button"
          className="button-icon fault-info"
          aria-expanded={open}
          aria-controls={watchId}
          aria-label={`What to watch: ${title}`}
          title="What to watch"
          onClick={() => setOpen((shown) => !shown)}
        >
          <span aria-hidden="true">i</span>
        </button>
      </div>
      <dl id={watchId} className="fault-watch small" hidden={!open}>
        <dt>In the app</dt>
        <dd>{inApp}</dd>
        <dt>In the panel</dt>
        <dd>{inPanel}</dd>
      </dl>
    </div>
  );
}
