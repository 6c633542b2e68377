import type { WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { breakerActions } from "../breakerActions";
import { breakerRefusalNote } from "../breakerRefusalNote";
import { breakerWindowTitle } from "../breakerWindowTitle";
import { earlierBreakers } from "../earlierBreakers";
import { formatClock, formatRelative } from "../format";
import type { PanelConnection } from "../panelConnection";
import type { PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";

/** Breakers: state, counts and next probe per scope, with trip and reset buttons. */
export function BreakersView(props: {
  store: PanelStore;
  connection: PanelConnection;
  now: () => number;
}) {
  const { store, connection } = props;
  const [scope, setScope] = useState("");
  const allowed = store.session?.commandsAllowed ?? false;
  const why = allowed
    ? undefined
    : "This page does not accept commands (production build without allowCommands).";
  const now = props.now();
  // The kinds of function seen per scope (a function's breaker is scoped by its path).
  const kinds = new Map<string, WireFunctionKind[]>();
  for (const row of store.functionRows())
    kinds.set(row.functionPath, [...(kinds.get(row.functionPath) ?? []), row.kind]);
  const transitions = store.transitions.newest(30).reverse();
  const earlier = earlierBreakers(
    store.breakers,
    store.transitions.toArray(),
    store.session?.sessionId ?? null,
  );
  return (
    <div class="view">
      <section class="section">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (scope.trim() !== "")
              connection.command({ name: "isolateBreaker", scope: scope.trim() });
          }}
        >
          <label>
            Trip the breaker of{" "}
            <input
              value={scope}
              placeholder="module:function"
              aria-label="Breaker scope"
              onInput={(event) => setScope((event.target as HTMLInputElement).value)}
            />
          </label>{" "}
          <button type="submit" disabled={!allowed} title={why}>
            Trip
          </button>
        </form>
      </section>
      {store.breakers.length === 0 ? (
        <div class="empty">
          No breakers yet: the SDK creates one per function (or deployment) on its first call.
        </div>
      ) : (
        <table class="grid fixed" data-testid="breakers">
          {/* Fixed widths: a new row (a longer scope, a new state) never moves the columns. */}
          <colgroup>
            <col />
            <col style={{ width: "16ch" }} />
            <col style={{ width: "22ch" }} />
            <col style={{ width: "6ch" }} />
            <col style={{ width: "14ch" }} />
            <col style={{ width: "12ch" }} />
            {/* Room for both buttons: a clipped Reset cannot be clicked. */}
            <col style={{ width: "20ch" }} />
          </colgroup>
          <thead>
            <tr>
              <th>Scope</th>
              <th>State</th>
              <th
                class="num"
                title={breakerWindowTitle(store.breakers.map((b) => b.windowMs))}
                data-testid="breaker-window-heading"
              >
                Failures / answers (window)
              </th>
              <th class="num">Slow</th>
              <th>Opened</th>
              <th>Next probe</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {store.breakers.map((breaker) => {
              const actions = breakerActions(breaker, allowed);
              const note = breakerRefusalNote(breaker, kinds.get(breaker.scope) ?? []);
              const state = `${breaker.state}${breaker.isolated ? " (tripped by hand)" : ""}`;
              return (
                <Fragment key={breaker.scope}>
                  <tr data-scope={breaker.scope}>
                    <td title={visibleText(breaker.scope)}>{visibleText(breaker.scope)}</td>
                    <td title={state}>
                      <span class={`badge ${breaker.state}`}>{breaker.state}</span>
                      {breaker.isolated ? " by hand" : ""}
                    </td>
                    <td class="num" title={breakerWindowTitle([breaker.windowMs])}>
                      {breaker.failures} / {breaker.calls}
                    </td>
                    <td class="num">{breaker.slowCalls}</td>
                    <td>{breaker.openedAt === undefined ? "–" : formatClock(breaker.openedAt)}</td>
                    <td>
                      {breaker.nextProbeAt === undefined
                        ? "–"
                        : formatRelative(breaker.nextProbeAt, now)}
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        disabled={!actions.canTrip}
                        title={actions.tripTitle}
                        onClick={() =>
                          connection.command({ name: "isolateBreaker", scope: breaker.scope })
                        }
                      >
                        Trip
                      </button>{" "}
                      <button
                        type="button"
                        disabled={!actions.canReset}
                        title={actions.resetTitle}
                        onClick={() =>
                          connection.command({ name: "resetBreaker", scope: breaker.scope })
                        }
                      >
                        Reset
                      </button>
                    </td>
                  </tr>
                  {note && (
                    <tr class="note" data-note-for={breaker.scope}>
                      <td colSpan={7}>{note}</td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {earlier.length > 0 && (
        <section class="section">
          <h3>From earlier page loads</h3>
          <div class="kind">
            Kept by "preserve log": the state each breaker's last transition left it in. The page
            was reloaded since, so these breakers no longer exist there.
          </div>
          <table class="grid" data-testid="earlier-breakers">
            <thead>
              <tr>
                <th>Scope</th>
                <th>Last known state</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {earlier.map((breaker) => (
                <tr key={`${breaker.session}:${breaker.scope}`} data-scope={breaker.scope}>
                  <td>{breaker.scope}</td>
                  <td>
                    <span class={`badge ${breaker.state}`}>{breaker.state}</span>
                  </td>
                  <td>{formatClock(breaker.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {transitions.length > 0 && (
        <section class="section">
          <h3>Transitions</h3>
          <ul>
            {transitions.map((t) => (
              <li key={`${t.session}:${t.seq}`}>
                {formatClock(t.at)} {visibleText(t.scope)}: {t.from} → {t.to} ({t.reason})
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
