import type { Page } from "playwright-core";

// Elements the panel never creates (its own forms are fine; a form's target is checked as a URL
// attribute): each could run script, load a URL or restyle the page.
const FORBIDDEN_TAGS = [
  "script",
  "iframe",
  "frame",
  "object",
  "embed",
  "img",
  "base",
  "link",
  "meta",
  "style",
];
// Attributes that take a URL.
const URL_ATTRIBUTES = ["href", "src", "srcdoc", "action", "formaction", "xlink:href", "data"];
/** Findings kept at most; one is enough to fail. */
const MAX_FINDINGS = 100;

interface WatchWindow {
  __hostileFindings?: string[];
  __hostileScan?: () => void;
}

/**
 * Starts recording, in the panel page, everything that would show that hostile data became markup
 * or code: a forbidden element added (the list is windowed, so rows come and go; the observer sees
 * every row ever rendered, not only those on screen at the end), an event-handler attribute, a URL
 * attribute with a `javascript:` URL or a payload in it, and any Content-Security-Policy violation
 * (an inline handler or script that the CSP stopped).
 */
export async function watchPanel(panel: Page, marker: string): Promise<void> {
  await panel.evaluate(
    ({ forbidden, urlAttributes, max, marker }) => {
      const target = globalThis as unknown as WatchWindow;
      if (target.__hostileFindings) return;
      const findings: string[] = [];
      target.__hostileFindings = findings;
      const note = (finding: string): void => {
        if (findings.length < max) findings.push(finding.slice(0, 300));
      };
      // The panel's own page as it loaded (its module script and stylesheet) is not data.
      const ownMarkup = new WeakSet<Element>(Array.from(document.querySelectorAll("head *")));
      const check = (element: Element): void => {
        if (ownMarkup.has(element)) return;
        const tag = element.tagName.toLowerCase();
        if (forbidden.includes(tag)) note(`<${tag}> element: ${element.outerHTML}`);
        for (const attribute of Array.from(element.attributes)) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith("on")) note(`${name} attribute on <${tag}>: ${attribute.value}`);
          const value = attribute.value.toLowerCase();
          if (
            urlAttributes.includes(name) &&
            (value.includes("javascript:") || value.includes(marker.toLowerCase()))
          ) {
            note(`${name}="${attribute.value}" on <${tag}>`);
          }
        }
      };
      const scan = (root: Element): void => {
        check(root);
        for (const element of Array.from(root.querySelectorAll("*"))) check(element);
      };
      new MutationObserver((mutations) => {
        for (const mutation of mutations) {
          if (mutation.type === "attributes" && mutation.target instanceof Element) {
            check(mutation.target);
          }
          for (const node of Array.from(mutation.addedNodes)) {
            if (node instanceof Element) scan(node);
          }
        }
      }).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
      document.addEventListener("securitypolicyviolation", (event) => {
        note(`CSP violation: ${event.violatedDirective} ${event.sample}`);
      });
      target.__hostileScan = () => scan(document.documentElement);
    },
    { forbidden: FORBIDDEN_TAGS, urlAttributes: URL_ATTRIBUTES, max: MAX_FINDINGS, marker },
  );
}

/** Forgets what was recorded (after the suite's self-test of the watch). */
export async function clearPanelFindings(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    (globalThis as unknown as WatchWindow).__hostileFindings?.splice(0);
  });
}

/** Scans the whole panel once more, then returns everything recorded since {@link watchPanel}. */
export function panelFindings(panel: Page): Promise<string[]> {
  return panel.evaluate(() => {
    const target = globalThis as unknown as WatchWindow;
    target.__hostileScan?.();
    return target.__hostileFindings ?? ["the panel is not being watched"];
  });
}
