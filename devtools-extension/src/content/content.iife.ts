import { CONTENT_PORT } from "../shared/portMessages";
import { startContentRelay } from "./contentRelay";

// Runs at document_start in the isolated world of every top-level http(s) page. It stays idle
// (one cheap check per message event) unless a Convex panel is open for this tab.
startContentRelay({
  window,
  connect: () => chrome.runtime.connect({ name: CONTENT_PORT }),
  documentId: crypto.randomUUID(),
});
