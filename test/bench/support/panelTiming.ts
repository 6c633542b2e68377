import type { Page } from "playwright-core";

/**
 * How long one user action, or data arriving, took to show in the panel: milliseconds from the
 * input event, or from the moment the panel's store was handed the data.
 */
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
const SUBSCRIPTION_ROWS = '[data-testid="subscription-list"] [role="option"]';
const SUBSCRIPTIONS_SUMMARY = '[data-testid="subscriptions-summary"]';

/** What the panel shows once the measured action is done. */
interface Shown {
  /** A count line: its text starts with `count` as the panel formats numbers, then `followedBy`. */
  readonly counter: {
    readonly selector: string;
    readonly count: number;
    readonly followedBy: string;
  };
  /**
   * Rows that must be in the DOM (unless `counter.count` is 0); with `cell`, the cell at that
   * selector in every row must read `count` as the panel formats numbers.
   */
  readonly rows: {
    readonly selector: string;
    readonly cell?: { readonly selector: string; readonly count: number };
  };
}

/**
 * Where the clock starts: when `event` fires on the element at `trigger` (capture phase, so
 * before the panel's own handler; the clock is the event's timeStamp), or when the panel's store
 * is handed a subscriptions snapshot of `subscriptions` live ones, each with `updates` updates
 * (before the store takes it in, so the store's work is timed too).
 */
type Start =
  | { readonly trigger: string; readonly event: string }
  | { readonly snapshot: { readonly subscriptions: number; readonly updates: number } };

interface SnapshotItem {
  type: string;
  subscriptions?: { state: string; updates: number }[];
}
interface TimingWindow {
  __panelTiming?: Promise<FilterTiming>;
  __convexLensPanel: {
    calls: { toArray(): { haystack: string }[] };
    ingest(batch: { items: SnapshotItem[] }): void;
  };
}

/**
 * Arms a measurement in the panel: the clock starts as `start` says and stops when, after a DOM
 * mutation, the panel shows what `shown` describes. Runs inside the panel, so no CDP round trip
 * is timed.
 */
async function arm(panel: Page, start: Start, shown: Shown, expected: number): Promise<void> {
  await panel.evaluate(
    ({ start, shown, expected }) => {
      const target = globalThis as unknown as TimingWindow;
      const isShown = (): boolean => {
        const { counter, rows } = shown;
        const line = document.querySelector(counter.selector)?.textContent ?? "";
        if (!line.startsWith(`${counter.count.toLocaleString()}${counter.followedBy}`))
          return false;
        if (counter.count === 0) return true;
        const elements = document.querySelectorAll(rows.selector);
        if (elements.length === 0) return false;
        const cell = rows.cell;
        if (cell === undefined) return true;
        const text = cell.count.toLocaleString();
        for (const row of elements) {
          if (row.querySelector(cell.selector)?.textContent !== text) return false;
        }
        return true;
      };
      target.__panelTiming = new Promise((resolve, reject) => {
        let startedAt: number | undefined;
        let observer: MutationObserver | undefined;
        let disarm = (): void => {};
        const timeout = setTimeout(() => {
          observer?.disconnect();
          disarm();
          reject(new Error(`the panel did not show the result of ${JSON.stringify(start)}`));
        }, 30_000);
        const finish = (): void => {
          if (startedAt === undefined || !isShown()) return;
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
        const begin = (at: number): void => {
          startedAt = at;
          observer = new MutationObserver(finish);
          observer.observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
          });
        };
        if ("trigger" in start) {
          const element = document.querySelector(start.trigger);
          if (element === null) throw new Error(`no ${start.trigger} in the panel`);
          element.addEventListener(start.event, (e) => begin(e.timeStamp), {
            once: true,
            capture: true,
          });
          return;
        }
        // The store's ingest, wrapped until the awaited snapshot comes (a wrapper of its own,
        // such as panelProbe's counter, stays underneath and is put back).
        const store = target.__convexLensPanel;
        const own = Object.hasOwn(store, "ingest") ? store.ingest : undefined;
        const ingest = store.ingest.bind(store);
        const { subscriptions, updates } = start.snapshot;
        disarm = () => {
          if (own === undefined) delete (store as { ingest?: unknown }).ingest;
          else store.ingest = own;
        };
        store.ingest = (batch) => {
          const awaited = batch.items.some(
            (item) =>
              item.type === "subscriptions" &&
              item.subscriptions?.length === subscriptions &&
              item.subscriptions.every((s) => s.state === "live" && s.updates === updates),
          );
          if (awaited) {
            disarm();
            begin(performance.now());
          }
          ingest(batch);
        };
      });
    },
    { start, shown, expected },
  );
}

/** The calls list shows `expected` calls ("N of M calls") and, when there are any, rows. */
const callsShown = (expected: number): Shown => ({
  counter: { selector: ".filters [aria-live]", count: expected, followedBy: " of " },
  rows: { selector: ROWS },
});

/** The Subscriptions view lists `count` live subscriptions, every row on screen showing `updates`. */
const subscriptionsShown = (count: number, updates: number): Shown => ({
  counter: { selector: SUBSCRIPTIONS_SUMMARY, count, followedBy: " live subscription" },
  rows: { selector: SUBSCRIPTION_ROWS, cell: { selector: ".num", count: updates } },
});

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
  await arm(panel, { trigger: FILTER, event: "input" }, callsShown(expected), expected);
  await panel.locator(FILTER).fill(text);
  return result<FilterTiming>(panel);
}

/** Clicks the Calls tab (from another tab) and measures until the calls list shows `expected` calls in rows. */
export async function timeTabToCalls(panel: Page, expected: number): Promise<ShownAfter> {
  await arm(panel, { trigger: "#tab-Calls", event: "click" }, callsShown(expected), expected);
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
  await arm(panel, { trigger: input, event: "change" }, callsShown(expected), expected);
  await panel.locator(input).setInputFiles(path);
  return result<ShownAfter>(panel);
}

/**
 * Runs `act` (which makes the page send a snapshot of `count` live subscriptions, each with
 * `updates` updates) and measures from the moment the panel's store is handed that snapshot until
 * the Subscriptions view, open, shows it: every row on screen with its new update count.
 */
export async function timeSubscriptionsSnapshot(
  panel: Page,
  count: number,
  updates: number,
  act: () => Promise<void>,
): Promise<ShownAfter> {
  await arm(
    panel,
    { snapshot: { subscriptions: count, updates } },
    subscriptionsShown(count, updates),
    count,
  );
  await act();
  return result<ShownAfter>(panel);
}

/**
 * Clicks the Subscriptions tab (from another tab) and measures until the view lists `count`
 * subscriptions, the rows on screen showing `updates` updates each.
 */
export async function timeTabToSubscriptions(
  panel: Page,
  count: number,
  updates: number,
): Promise<ShownAfter> {
  const tab = "#tab-Subscriptions";
  await arm(panel, { trigger: tab, event: "click" }, subscriptionsShown(count, updates), count);
  await panel.locator(tab).click();
  return result<ShownAfter>(panel);
}
