import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";

/** Rows shown at most; the store keeps more, the newest are what a developer looks for. */
const SHOWN = 200;

/**
 * The server log lines the page could not name a call for (issue 13 §5): the SDK lists them
 * rather than attach them to a guessed call, and so does the panel. Text only; the identifiers
 * go through `visibleText` so that no hidden character makes one path look like another.
 */
export function UnattributedLogs(props: { store: PanelStore }) {
  const lines = props.store.unattributedLogs.newest(SHOWN);
  if (lines.length === 0) return null;
  return (
    <details class="unattributed">
      <summary>
        Unattributed log lines ({props.store.unattributedLogs.size.toLocaleString()}) — server
        output no call could be named for
      </summary>
      <ul>
        {lines.map((line) => (
          <li key={`${line.session}:${line.seq}`}>
            <time>{new Date(line.at).toLocaleTimeString()}</time>{" "}
            <code>
              {line.kind === null ? "" : `${line.kind} `}
              {visibleText(line.functionPath)}
            </code>{" "}
            <span class="kind">[{visibleText(line.level)}]</span> <span>{line.text}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
