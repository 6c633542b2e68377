import { BRIDGE_OFF_MARKER } from "@convex-lens/sdk/devtools-protocol";
import { CONTENT_PORT } from "../shared/portMessages";
import { startContentRelay } from "./contentRelay";

// Runs at document_start in the isolated world of every top-level http(s) page. It stays idle
// (one cheap check per message event) unless a Convex panel is open for this tab.
startContentRelay({
  window,
  connect: () => chrome.runtime.connect({ name: CONTENT_PORT }),
  documentId: crypto.randomUUID(),
  marker: {
    read: () => document.documentElement?.getAttribute(BRIDGE_OFF_MARKER.attribute) ?? null,
    // Only while a panel is open, and only this one attribute of the root element.
    watch(onChange) {
      const observer = new MutationObserver(onChange);
      observer.observe(document.documentElement, {
        attributes: true,
        attributeFilter: [BRIDGE_OFF_MARKER.attribute],
      });
      return () => observer.disconnect();
    },
  },
});
