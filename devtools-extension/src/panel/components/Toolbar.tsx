import type { PanelConnection } from "../panelConnection";
import type { PageSession, PanelStore } from "../store/panelStore";
import { visibleText } from "../visibleText";

// The page as the toolbar names it: the page's own URL only when it lies on the origin the
// browser reported; a page claiming another site's URL is named by its real origin alone.
function pageLabel(session: PageSession): string {
  if (session.origin === null) return visibleText(session.url);
  let claimed: string | null = null;
  try {
    claimed = new URL(session.url).origin;
  } catch {
    // Not a URL: the claim is not shown.
  }
  return visibleText(claimed === session.origin ? session.url : session.origin);
}

/** Pause, clear, preserve log, export and import, and where the data comes from. */
export function Toolbar(props: {
  store: PanelStore;
  connection: PanelConnection;
  preserveLog: boolean;
  onPreserveLog: (value: boolean) => void;
  onExport: () => void;
  /** Whether exports keep URLs whole (query string and fragment); off unless the user asks. */
  exportFullUrls: boolean;
  onExportFullUrls: (value: boolean) => void;
  onImport: (file: File) => void;
  message: string | null;
}) {
  const { store, connection } = props;
  const paused = store.pausedAt !== null;
  const session = store.session;
  // The bridge-off explanation is an instruction to follow, too long for the status's one cut
  // line: the status names the cause and a notice row below the toolbar says what to do.
  const bridgeOff =
    store.importedFrom === null &&
    store.backgroundConnected &&
    store.pageConnected &&
    session === null &&
    store.bridgeOff;
  let status: string;
  if (store.importedFrom !== null) status = `Imported: ${store.importedFrom}`;
  else if (!store.backgroundConnected) status = "Reconnecting to the extension…";
  else if (!store.pageConnected) status = "Page not connected (reload the page?)";
  else if (bridgeOff) status = "DevTools bridge off";
  else if (session === null) status = "Waiting for a page with the Convex Lens SDK…";
  else
    status = `${pageLabel(session)} · SDK ${visibleText(session.sdkVersion)}${session.commandsAllowed ? "" : " · read-only"}`;
  // From the page's latest `connection` item: offline first, since a socket is down then too.
  const link = store.importedFrom === null && session !== null ? store.connection : null;
  const socketStatus =
    link === null
      ? null
      : !link.online
        ? "offline"
        : !link.connected
          ? "WebSocket disconnected"
          : null;
  return (
    <>
      <header class="toolbar">
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => (paused ? store.resume() : store.pause())}
          title="Pause or resume the live list"
        >
          {paused ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          onClick={() => connection.clear()}
          title="Clear the panel and the page's buffer"
        >
          Clear
        </button>
        <label>
          <input
            type="checkbox"
            checked={props.preserveLog}
            onChange={(event) => props.onPreserveLog((event.target as HTMLInputElement).checked)}
          />{" "}
          Preserve log
        </label>
        <button type="button" onClick={props.onExport} title="Save the session as OTLP/JSON">
          Export
        </button>
        <label title="Keep query strings and fragments (which may hold tokens) in exported URLs">
          <input
            type="checkbox"
            checked={props.exportFullUrls}
            onChange={(event) => props.onExportFullUrls((event.target as HTMLInputElement).checked)}
          />{" "}
          Full URLs
        </label>
        <label class="button-like">
          <button
            type="button"
            onClick={(event) =>
              ((event.currentTarget as HTMLElement).nextElementSibling as HTMLInputElement).click()
            }
          >
            Import
          </button>
          <input
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Import an OTLP/JSON file"
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) props.onImport(file);
              input.value = "";
            }}
          />
        </label>
        {socketStatus !== null && (
          <span class="status-error" role="status" data-testid="socket-status">
            {socketStatus}
          </span>
        )}
        {store.lost > 0 && (
          <span class="status-error">{store.lost.toLocaleString()} events lost</span>
        )}
        {props.message && (
          <span role="status" data-testid="toolbar-message">
            {props.message}
          </span>
        )}
        <span class="status" title={status} data-testid="connection-status">
          {status}
        </span>
      </header>
      {bridgeOff && (
        <div class="notice" role="status" data-testid="bridge-off">
          This page runs the Convex Lens SDK with its DevTools bridge off (the default in production
          builds). Turn it on with{" "}
          <code>
            createLens({"{"} devtools: true {"}"})
          </code>{" "}
          or{" "}
          <code>
            devtools: {"{"} enabled: true {"}"}
          </code>
          , then reload; commands stay off in production.
        </div>
      )}
    </>
  );
}
