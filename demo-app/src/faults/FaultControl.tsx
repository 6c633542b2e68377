import type { ReactNode } from "react";

/**
 * One fault control with what to watch for once it is on: in the app, and in the DevTools panel.
 * The point of the demo is seeing the effect, so the control never comes without its story.
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
  return (
    <div className={active ? "fault fault-active" : "fault"}>
      <div className="fault-head">
        <span className="fault-title">{title}</span>
        <div className="fault-control">{control}</div>
      </div>
      <dl className="fault-watch small">
        <dt>In the app</dt>
        <dd>{inApp}</dd>
        <dt>In the panel</dt>
        <dd>{inPanel}</dd>
      </dl>
    </div>
  );
}
