// The DevTools page: it only creates the panel. The panel page finds its tab through
// chrome.devtools.inspectedWindow.tabId.
chrome.devtools.panels.create("Convex", "", "panel.html");
