import { render } from "preact";
import "./panel.css";
import { App } from "./components/App";
import { chromePanelPort, connectPanel } from "./panelConnection";
import { PanelStore } from "./store/panelStore";
import { followTheme } from "./themeSource";

// The panel page: inside DevTools it inspects chrome.devtools.inspectedWindow.tabId; opened as
// a normal tab (panel.html?tabId=<id>) it inspects the tab named in the URL.
const PRESERVE_LOG_KEY = "convex-lens.preserveLog";

function inspectedTabId(): number | null {
  const fromDevtools = globalThis.chrome?.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === "number") return fromDevtools;
  const fromUrl = Number(new URLSearchParams(location.search).get("tabId"));
  return Number.isSafeInteger(fromUrl) && fromUrl > 0 ? fromUrl : null;
}

// The theme follows DevTools (or, in a tab, the system) live, not only at load.
followTheme(
  {
    devtools: globalThis.chrome?.devtools?.panels,
    matchMedia: typeof matchMedia === "function" ? matchMedia.bind(globalThis) : undefined,
  },
  (theme) => {
    document.documentElement.dataset.theme = theme;
  },
);
const root = document.getElementById("app") as HTMLElement;
const tabId = inspectedTabId();
if (tabId === null) {
  root.textContent = "Open this panel from DevTools, or as panel.html?tabId=<the tab's id>.";
} else {
  const store = new PanelStore();
  const connection = connectPanel({
    store,
    tabId,
    preserveLog: localStorage.getItem(PRESERVE_LOG_KEY) === "true",
    connect: chromePanelPort,
  });
  render(
    <App
      store={store}
      connection={connection}
      onPreserveLog={(value) => localStorage.setItem(PRESERVE_LOG_KEY, String(value))}
    />,
    root,
  );
  // For tests and debugging: the store, read from the panel page.
  (globalThis as { __convexLensPanel?: PanelStore }).__convexLensPanel = store;
}
