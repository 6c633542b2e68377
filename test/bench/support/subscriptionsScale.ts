import type { Page } from "playwright-core";
import { type Measurement, median } from "../harness.js";
import type { BenchPageHandle } from "./benchPage.js";
import {
  type ShownAfter,
  timeSubscriptionsSnapshot,
  timeTabToSubscriptions,
} from "./panelTiming.js";

// How many live subscriptions the page holds: the bound docs/devtools.md gives the view.
const SUBSCRIPTIONS = 1_000;
// Spread over 50 query functions (20 subscriptions each, with their own args), as a page's lists do.
const FUNCTIONS = 50;
const PREFIX = "subs";
const CASE = "the Subscriptions view with 1,000 live subscriptions";
const FIRST_RENDER = "first render: 1,000 new subscriptions arrive";
const RE_RENDER = "re-render: each of the 1,000 updated";
const FROM_CALLS_TAB = "Calls tab → Subscriptions tab";

type BenchWindow = { benchPage: BenchPageHandle };

/** Pushes the next result to every subscription the page holds: each counts one more update. */
function pushUpdate(page: Page, round: number): Promise<void> {
  return page.evaluate(
    ({ prefix, functions, round }) =>
      (window as unknown as BenchWindow).benchPage.pushResults(prefix, functions, { round }),
    { prefix: PREFIX, functions: FUNCTIONS, round },
  );
}

/**
 * The Subscriptions view, open in `panel`, with 1,000 live subscriptions that `page` (the bench
 * page) holds through its lens, fed the real way (the bridge's snapshots, at most one a second).
 * Each of `rounds` rounds (after one warm-up round) measures the first render (a snapshot of
 * 1,000 new subscriptions arrives, none before), two re-renders (a snapshot in which each of them
 * has one more update) and the view shown again from the Calls tab, and counts the rows in the
 * DOM; then the page drops them. Returns the medians over rounds (the largest row count).
 */
export async function measureSubscriptionsView(
  page: Page,
  panel: Page,
  rounds: number,
): Promise<Measurement[]> {
  const timings = new Map<string, ShownAfter[]>([
    [FIRST_RENDER, []],
    [RE_RENDER, []],
    [FROM_CALLS_TAB, []],
  ]);
  const rows: number[] = [];
  const rowLocator = panel.locator('[data-testid="subscription-list"] [role="option"]');
  const none = panel.locator('[data-testid="subscriptions-summary"]', {
    hasText: /^0 live subscriptions/,
  });
  await panel.locator("#tab-Subscriptions").click();
  for (let round = 0; round <= rounds; round++) {
    const keep = (variant: string, timing: ShownAfter): void => {
      if (round > 0) timings.get(variant)?.push(timing);
    };
    const first = await timeSubscriptionsSnapshot(panel, SUBSCRIPTIONS, 0, async () => {
      // One task: the bridge never sees them loading, so their first snapshot has them all live.
      await page.evaluate(
        ({ prefix, count, functions }) => {
          const handle = (window as unknown as BenchWindow).benchPage;
          handle.subscribe(prefix, count, functions);
          handle.pushResults(prefix, functions, { round: 0 });
        },
        { prefix: PREFIX, count: SUBSCRIPTIONS, functions: FUNCTIONS },
      );
    });
    keep(FIRST_RENDER, first);
    for (let updates = 1; updates <= 2; updates++) {
      keep(
        RE_RENDER,
        await timeSubscriptionsSnapshot(panel, SUBSCRIPTIONS, updates, () =>
          pushUpdate(page, updates),
        ),
      );
    }
    await panel.locator("#tab-Calls").click();
    keep(FROM_CALLS_TAB, await timeTabToSubscriptions(panel, SUBSCRIPTIONS, 2));
    if (round > 0) rows.push(await rowLocator.count());
    await page.evaluate(() => (window as unknown as BenchWindow).benchPage.unsubscribeAll());
    await none.waitFor({ timeout: 15_000 });
  }
  const measurements: Measurement[] = [];
  for (const [variant, shown] of timings) {
    measurements.push(
      {
        case: CASE,
        variant,
        metric: "list shown",
        unit: "ms",
        value: median(shown.map((timing) => timing.domMs)),
      },
      {
        case: CASE,
        variant,
        metric: "next frame",
        unit: "ms",
        value: median(shown.map((timing) => timing.frameMs)),
      },
    );
  }
  measurements.push({
    case: CASE,
    variant: FROM_CALLS_TAB,
    metric: "rows in the DOM",
    unit: "rows",
    value: Math.max(...rows),
  });
  return measurements;
}
