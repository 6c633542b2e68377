import { useBreakers, useLens } from "@convex-lens/sdk/react";
import { nextProbe } from "./nextProbe.js";

// Clock times rather than "in 3 s": the table re-renders on transitions, not on a timer.
const clock = (at: number) => new Date(at).toLocaleTimeString();

/**
 * Each breaker (one per function): its state, and buttons to trip it by hand or reset it. Trip
 * one, then use the feature it guards: the call fails fast with CIRCUIT_OPEN and a calm toast.
 */
export function BreakerTable() {
  const breakers = useBreakers();
  const lens = useLens();
  return (
    <>
      <h2 id="breakers-heading">Breakers</h2>
      {breakers.length === 0 ? (
        <p className="muted">No breakers yet: one appears for each function on its first call.</p>
      ) : (
        <table className="table" data-testid="breaker-table">
          <thead>
            <tr>
              <th scope="col">Function</th>
              <th scope="col">State</th>
              <th scope="col">Opened</th>
              <th scope="col">Next probe</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {breakers.map((breaker) => (
              <tr key={breaker.scope} data-state={breaker.state}>
                <th scope="row">
                  <code>{breaker.scope}</code>
                </th>
                <td>
                  <span className={`breaker breaker-${breaker.state}`}>{breaker.state}</span>
                </td>
                <td className="small">
                  {breaker.openedAt === undefined ? "—" : clock(breaker.openedAt)}
                </td>
                <td className="small">{nextProbe(breaker)}</td>
                <td>
                  {breaker.state === "closed" ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => lens.breaker(breaker.scope).isolate()}
                    >
                      Trip
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => lens.breaker(breaker.scope).reset()}
                    >
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
