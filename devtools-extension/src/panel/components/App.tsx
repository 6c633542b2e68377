import { useEffect, useRef, useState } from "preact/hooks";
import { commandLabel } from "../commandLabel";
import { healthSummary } from "../healthSummary";
import type { PanelConnection } from "../panelConnection";
import { exportNotice, exportSummary } from "../store/exportSummary";
import { toOtlpDocument } from "../store/otlpExport";
import { ImportError, importOtlp } from "../store/otlpImport";
import type { PanelStore } from "../store/panelStore";
import { useStore } from "../useStore";
import { visibleText } from "../visibleText";
import { BreakersView } from "./BreakersView";
import { CallsView } from "./CallsView";
import { ErrorsView } from "./ErrorsView";
import { FaultsView } from "./FaultsView";
import { HealthView } from "./HealthView";
import { SubscriptionsView } from "./SubscriptionsView";
import { TimelineView } from "./TimelineView";
import { Toolbar } from "./Toolbar";

/** The panel's tabs, in order. */
export const TABS = [
  "Calls",
  "Subscriptions",
  "Timeline",
  "Errors",
  "Health",
  "Breakers",
  "Faults",
] as const;
/** One of the panel's tabs. */
export type TabName = (typeof TABS)[number];

/** How long the toolbar shows a notice or an answered command's outcome before it clears. */
export const MESSAGE_MS = 6_000;

/** Saves text as a file through a temporary link (works in DevTools panels and in a tab). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The Subscriptions tab's count: what the page has, not only what it sent.
function subscriptionCount(store: PanelStore): string {
  const total = store.subscriptions.latest(store.session?.sessionId ?? null)?.total ?? 0;
  return total > 0 ? ` (${total.toLocaleString()})` : "";
}

/** The whole panel: toolbar, tabs and the selected view. */
export function App(props: {
  store: PanelStore;
  connection: PanelConnection;
  initialTab?: TabName;
  now?: () => number;
  onPreserveLog?: (value: boolean) => void;
}) {
  const { store } = props;
  const version = useStore(store);
  const [tab, setTab] = useState<TabName>(props.initialTab ?? "Calls");
  const [preserveLog, setPreserveLog] = useState(props.connection.preserveLog);
  const [lastCommand, setLastCommand] = useState<{ id: string; label: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exportFullUrls, setExportFullUrls] = useState(false);
  const filterInput = useRef<HTMLInputElement>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const now = props.now ?? Date.now;

  // Commands go through here so the toolbar can say what happened to the last one.
  const connection: PanelConnection = {
    ...props.connection,
    get preserveLog() {
      return props.connection.preserveLog;
    },
    command(command) {
      const id = props.connection.command(command);
      setLastCommand({ id, label: commandLabel(command) });
      return id;
    },
    clear: () => props.connection.clear(),
    setPreserveLog: (value) => props.connection.setPreserveLog(value),
    resync: () => props.connection.resync(),
    close: () => props.connection.close(),
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target !== null &&
        (target.tagName === "INPUT" ||
          target.tagName === "SELECT" ||
          target.tagName === "TEXTAREA");
      if (event.key === "/" && !typing) {
        event.preventDefault();
        setTab("Calls");
        setTimeout(() => filterInput.current?.focus(), 0);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  let message = notice;
  let settled = notice !== null;
  if (lastCommand) {
    const result = store.result(lastCommand.id);
    settled = result !== undefined;
    if (!result) message = `${lastCommand.label}…`;
    else if (result.ok) message = `${lastCommand.label}: done`;
    else
      message = `${lastCommand.label}: ${visibleText(result.error?.code ?? "failed")}: ${result.error?.message ?? ""}`;
  }
  // A settled message clears after a while (it stayed forever, long after it was news); the next
  // command or notice replaces it sooner. A command still waiting for its answer stays.
  useEffect(() => {
    if (!settled) return;
    const timer = setTimeout(() => {
      setLastCommand(null);
      setNotice(null);
    }, MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [settled, message]);

  const onExport = () => {
    const document = toOtlpDocument(
      store.calls.toArray(),
      store.spans.toArray(),
      store.knownSessions(),
      { fullUrls: exportFullUrls },
    );
    download(
      `convex-lens-${new Date(now()).toISOString().replace(/[:.]/g, "-")}.otlp.json`,
      JSON.stringify(document),
    );
    setLastCommand(null);
    setNotice(exportNotice(exportSummary(document)));
  };

  const onImport = async (file: File) => {
    try {
      const result = importOtlp(await file.text(), file.name);
      store.reset();
      store.importedFrom = file.name;
      for (const batch of result.batches) store.ingest(batch);
      setLastCommand(null);
      setNotice(
        `Imported ${result.calls} calls and ${result.spans} spans${result.skipped ? ` (${result.skipped} skipped)` : ""}.`,
      );
    } catch (error) {
      setLastCommand(null);
      setNotice(error instanceof ImportError ? error.message : "The file could not be read.");
    }
  };

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const next =
      event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const wrapped = (next + TABS.length) % TABS.length;
    setTab(TABS[wrapped] as TabName);
    tabRefs.current[wrapped]?.focus();
  };

  const openBreakers = store.breakers.filter((b) => b.state !== "closed").length;
  const counts: Record<TabName, string> = {
    Calls: store.calls.size > 0 ? ` (${store.calls.size.toLocaleString()})` : "",
    Subscriptions: subscriptionCount(store),
    Timeline: "",
    Errors: store.errors.size > 0 ? ` (${store.errors.size})` : "",
    Health: store.health ? healthSummary(store.health).label : "",
    Breakers: openBreakers > 0 ? ` (${openBreakers} open)` : "",
    Faults: store.faults && Object.keys(store.faults).length > 0 ? " (on)" : "",
  };

  return (
    <div class="lens" data-version={version}>
      <Toolbar
        store={store}
        connection={connection}
        preserveLog={preserveLog}
        onPreserveLog={(value) => {
          setPreserveLog(value);
          connection.setPreserveLog(value);
          props.onPreserveLog?.(value);
        }}
        onExport={onExport}
        exportFullUrls={exportFullUrls}
        onExportFullUrls={setExportFullUrls}
        onImport={onImport}
        message={message}
      />
      {store.importedFrom !== null && (
        <div class="notice">
          Showing an imported file.{" "}
          <button
            type="button"
            onClick={() => {
              store.reset();
              connection.resync();
            }}
          >
            Back to live
          </button>
        </div>
      )}
      <div class="tabs" role="tablist" aria-label="Views">
        {TABS.map((name, index) => (
          <button
            type="button"
            role="tab"
            key={name}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            id={`tab-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {name}
            {counts[name]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-labelledby={`tab-${tab}`} style={{ display: "contents" }}>
        {tab === "Calls" && <CallsView store={store} version={version} textRef={filterInput} />}
        {tab === "Subscriptions" && <SubscriptionsView store={store} />}
        {tab === "Timeline" && <TimelineView store={store} />}
        {tab === "Errors" && <ErrorsView store={store} onShowCalls={() => setTab("Calls")} />}
        {tab === "Health" && <HealthView store={store} />}
        {tab === "Breakers" && <BreakersView store={store} connection={connection} now={now} />}
        {tab === "Faults" && <FaultsView store={store} connection={connection} />}
      </div>
    </div>
  );
}
