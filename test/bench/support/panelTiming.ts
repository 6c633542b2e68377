import type { Page } from "playwright-core";

/** How long one user action took to show in the panel, in milliseconds from the input event. */
export interface ShownAfter {
  /** Until the DOM showed the result (a MutationObserver saw it). */
  readonly domMs: number;
  /** Until the frame after that was produced (requestAnimationFrame, then a task). */
  readonly frameMs: number;
}

/** What a filter showed, and how long it took. */
export interface FilterTiming extends ShownAfter {
  /** Calls the store holds that match the text (computed apart from the panel's own filter). */
  readonly expected: number;
}

const FILTER = 'input[aria-label="Filter calls by text"]';
const ROWS = '[data-testid="call-list"] [role="option"]';

interface TimingWindow {
  __panelTiming?: Promise<FilterTiming>;
  __convexLensPanel: { calls: { toArray(): { haystack: string }[] } };
}

/**
 * Arms a measurement in the panel: when `event` next fires on the element at `trigger` (capture
 * phase, so before the panel's own handler), the clock starts at the event's timeStamp; it stops
 * when, after a DOM mutation, the calls list shows `expected` matches ("N of M calls") and, when
 * there are any, rows. Runs inside the panel, so no CDP round trip is timed.
 */
async function arm(panel: Page, trigger: string, event: string, expected: number): Promise<void> {
  await panel.evaluate(
    ({ trigger, event, expected, rows }) => {
      const target = globalThis as unknown as TimingWindow;
      const shown = (): boolean => {
        const count = document.querySelector(".filters [aria-live]")?.textContent ?? "";
        if (!count.startsWith(`${expected.toLocaleString()} of `)) return false;
        return expected === 0 || document.querySelectorAll(rows).length > 0;
      };
      const element = document.querySelector(trigger);
      if (element === null) throw new Error(`no ${trigger} in the panel`);
      target.__panelTiming = new Promise((resolve, reject) => {
        let startedAt: number | undefined;
        let observer: MutationObserver | undefined;
        const timeout = setTimeout(() => {
          observer?.disconnect();
          reject(new Error(`the panel did not show the result of ${event} on ${trigger}`));
        }, 30_000);
        const finish = (): void => {
          if (startedAt === undefined || !shown()) return;
          const domAt = performance.now();
          const from = startedAt;
          observer?.disconnect();
          clearTimeout(timeout);
          requestAnimationFrame(() =>
            setTimeout(() => {
              resolve({ domMs: domAt - from, frameMs: performance.now() - from, expected });
            }, 0),
          );
        };
        element.addEventListener(
          event,
          (e) => {
            startedAt = e.timeStamp;
            observer = new MutationObserver(finish);
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
              attributes: true,
            });
          },
          { once: true, capture: true },
        );
      });
    },
    { trigger, event, expected, rows: ROWS },
  );
}

function result<T>(panel: Page): Promise<T> {
  return panel.evaluate(() => (globalThis as unknown as TimingWindow).__panelTiming) as Promise<T>;
}

/**
 * Types `text` into the filter box (one trusted input event, as a paste or the last keystroke
 * does) and measures until the list shows the matching calls.
 */
export async function timeFilter(panel: Page, text: string): Promise<FilterTiming> {
  const expected = await panel.evaluate((text) => {
    const needle = text.trim().toLowerCase();
    let matches = 0;
    for (const call of (globalThis as unknown as TimingWindow).__convexLensPanel.calls.toArray()) {
      if (needle === "" || call.haystack.includes(needle)) matches++;
    }
    return matches;
  }, text);
  await arm(panel, FILTER, "input", expected);
  await panel.locator(FILTER).fill(text);
  return result<FilterTiming>(panel);
}

/** Clicks the Calls tab (from another tab) and measures until the calls list shows `expected` calls in rows. */
export async function timeTabToCalls(panel: Page, expected: number): Promise<ShownAfter> {
  await arm(panel, "#tab-Calls", "click", expected);
  await panel.locator("#tab-Calls").click();
  return result<ShownAfter>(panel);
}

/**
 * Imports the OTLP/JSON file at `path` through the toolbar's file input and measures from the
 * input's change event until the list shows `expected` calls in rows (reading, parsing,
 * validating, ingesting and rendering).
 */
export async function timeImport(panel: Page, path: string, expected: number): Promise<ShownAfter> {
  const input = 'input[type="file"]';
  await arm(panel, input, "change", expected);
  await panel.locator(input).setInputFiles(path);
  return result<ShownAfter>(panel);
}
