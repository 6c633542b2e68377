import { formatClock } from "../format";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";

/** Failures grouped by code and function, with a jump to the calls of each group. */
export function ErrorsView(props: { store: PanelStore; onShowCalls: () => void }) {
  const { store } = props;
  const groups = store.errors.list();
  if (groups.length === 0)
    return (
      <div class="view empty">No errors. Failed calls are grouped here by code and function.</div>
    );
  return (
    <div class="view">
      <table class="grid" data-testid="error-groups">
        <thead>
          <tr>
            <th>Code</th>
            <th>Function</th>
            <th>Kind</th>
            <th class="num">Count</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th>Sample</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={`${group.code}\u0000${group.functionPath}`}>
              <td class="status-error">{visibleText(group.code)}</td>
              <td>{visibleText(group.functionPath)}</td>
              <td class="kind">{group.kind}</td>
              <td class="num">{group.count}</td>
              <td>{formatClock(group.firstSeen)}</td>
              <td>{formatClock(group.lastSeen)}</td>
              <td>
                <div>{group.sample.message}</div>
                <div class="kind">{group.sample.userMessage}</div>
                {group.sample.requestId && (
                  <div class="kind">Request id: {visibleText(group.sample.requestId)}</div>
                )}
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => {
                    store.setFilter({
                      status: "error",
                      code: group.code,
                      functionPath: group.functionPath,
                      text: "",
                    });
                    props.onShowCalls();
                  }}
                >
                  Show calls
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {store.errors.evicted > 0 && (
        <div class="notice">
          {store.errors.evicted} older groups were dropped to stay under the cap.
        </div>
      )}
    </div>
  );
}
