import { CONTENT_PORT, PANEL_PORT } from "../shared/portMessages";
import { TabHub } from "./tabHub";

// The MV3 service worker: routes ports into the TabHub. It can be stopped at any time; ports
// then drop, and the panel and content script reconnect with backoff. Its history is lost with
// it, but the page resends its own bounded history on the next hello, and the panel drops what
// it already has by seq.
const hub = new TabHub();

chrome.runtime.onConnect.addListener((port) => {
  if (port.name === CONTENT_PORT) {
    const tabId = port.sender?.tab?.id;
    // Top frame only (the manifest says all_frames: false; a frame id other than 0 is refused).
    if (tabId === undefined || (port.sender?.frameId ?? 0) !== 0) {
      port.disconnect();
      return;
    }
    // The origin as the browser saw it, which no page script can change.
    hub.connectContent(port, tabId, port.sender?.origin);
    return;
  }
  if (port.name === PANEL_PORT) {
    // Only the extension's own pages may open a panel port (a content script has the same
    // sender id, but its url is the page's).
    if (
      port.sender?.id !== chrome.runtime.id ||
      !port.sender.url?.startsWith(chrome.runtime.getURL(""))
    ) {
      port.disconnect();
      return;
    }
    hub.connectPanel(port);
  }
});

chrome.tabs.onRemoved.addListener((tabId) => hub.removeTab(tabId));

/** For tests (`worker.evaluate(() => __convexLens.describe())`) and for a look from the console. */
(globalThis as { __convexLens?: { describe: () => unknown } }).__convexLens = {
  describe: () => hub.describe(),
};
