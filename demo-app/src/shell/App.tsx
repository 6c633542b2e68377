import { useMutation } from "convex/react";
import { useEffect, useState } from "react";
import { api } from "../../convex/_generated/api";
import type { AppConfig } from "../appConfig.js";
import { BoardView } from "../board/BoardView.js";
import { FaultsPanel } from "../faults/FaultsPanel.js";
import { MonitoringView } from "../monitoring/MonitoringView.js";
import { ConnectionBanner } from "../status/ConnectionBanner.js";
import { HealthBadge } from "../status/HealthBadge.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";
import { firstCallOnly } from "./firstCallOnly.js";
import { routeHref, useRoute } from "./route.js";
import { ViewBoundary } from "./ViewError.js";

/** This page load's one seeding, however often React runs the effect that asks for it. */
const seedOncePerPageLoad = firstCallOnly<Promise<unknown>>();

/**
 * Seeds the demo board once per page load; a no-op when boards exist (`boards:seedIfEmpty`).
 * StrictMode runs effects twice in development, which sent the mutation twice on every load.
 */
function useSeedIfEmpty(): void {
  const seed = useMutation(api.boards.seedIfEmpty);
  const guard = useGuardedCall();
  useEffect(() => {
    void seedOncePerPageLoad(() => guard(() => seed({})));
  }, [guard, seed]);
}

/** The page: header with navigation and health, the connection banner, the view, the fault controls. */
export function App({ config }: { readonly config: AppConfig }) {
  const route = useRoute();
  const [faultsOpen, setFaultsOpen] = useState(true);
  useSeedIfEmpty();

  return (
    <div className={faultsOpen ? "app with-faults" : "app"}>
      <header className="app-header">
        <a className="brand" href={routeHref({ view: "board", boardId: null })}>
          <span className="brand-mark" aria-hidden="true" />
          Convex Lens <span className="muted">demo</span>
        </a>
        <nav aria-label="Views">
          <a
            href={routeHref({ view: "board", boardId: null })}
            aria-current={route.view === "board" ? "page" : undefined}
          >
            Board
          </a>
          <a
            href={routeHref({ view: "monitoring" })}
            aria-current={route.view === "monitoring" ? "page" : undefined}
          >
            Monitoring
          </a>
        </nav>
        <div className="header-end">
          <HealthBadge />
          <button
            type="button"
            className="button"
            aria-expanded={faultsOpen}
            aria-controls="fault-controls"
            onClick={() => setFaultsOpen((open) => !open)}
          >
            Fault controls
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <div className="app-body">
        <main className="app-main">
          <ViewBoundary name={route.view === "board" ? "board" : "dashboard"}>
            {route.view === "board" ? <BoardView boardId={route.boardId} /> : <MonitoringView />}
          </ViewBoundary>
        </main>
        {faultsOpen ? (
          <aside id="fault-controls" className="app-faults card" aria-labelledby="faults-heading">
            <ViewBoundary name="fault controls">
              <FaultsPanel
                backendAdminUrl={config.backendAdminUrl}
                backendAdminToken={config.backendAdminToken}
              />
            </ViewBoundary>
          </aside>
        ) : null}
      </div>
      <footer className="app-footer muted small">
        Every call above is traced by Convex Lens. Open DevTools (F12) and pick the “Convex” panel
        to watch them live.
      </footer>
    </div>
  );
}
