// DevTools bridge throughput, in headless Chromium with the extension loaded: how many call
// records per second go from a page to the Convex panel (opened as a tab) with none lost, and what
// the bridge costs the page's main thread per span, active (panel open) and dormant (no panel).
//
// The page (support/benchPage.ts) makes calls through two lenses over in-page zero-latency
// transports, one with the bridge and one without, so each record takes the SDK's real path:
// instrumented client → lens.onCall → bridge history → batch → window.postMessage → content
// script → background worker → panel store. The panel counts what it takes in.
import { join } from "node:path";
import { type Measurement, median, report } from "./harness.js";
import type { BenchPageHandle, GenerateOptions } from "./support/benchPage.js";
import { probePage } from "./support/cdpProbe.js";
import { startExtensionSession } from "./support/extensionSession.js";
import { countArrivals, panelStoreStats, waitForArrivals } from "./support/panelProbe.js";

// The runner's cwd is test/ (scripts/bench.mjs); this file is bundled elsewhere.
const PAGE_ENTRY = join(process.cwd(), "bench/support/benchPage.ts");
const SPANS_PER_TRIAL = 50_000;
const TRIALS = 3;
// Calls started together before the page yields a task: a busy app's bursts. The bridge posts
// 500 records per message whatever the burst; larger bursts mean fewer yields and fewer panel
// renders per span, and measure faster, so both are reported.
const BURSTS = [1_000, 5_000];
const ACTIVE = "page → panel, active (panel open as a tab)";
const DORMANT = "page, dormant bridge (no panel open)";

type BenchWindow = { benchPage: BenchPageHandle };

const session = await startExtensionSession(
  PAGE_ENTRY,
  "Convex Lens bridge benchmark",
  "benchPage",
);
const measurements: Measurement[] = [];
try {
  const { page, browser } = session;
  const pageProbe = await probePage(browser.context, page);

  // Dormant first, while no panel has ever said hello.
  const dormant = await page.evaluate(() =>
    (window as unknown as BenchWindow).benchPage.dormantCallCost(15, 20_000),
  );
  const callWith = median(dormant.with);
  const callWithout = median(dormant.without);
  const callDiffs = dormant.with.map((w, i) => w - (dormant.without[i] ?? w));
  const listener = await page.evaluate(() =>
    (window as unknown as BenchWindow).benchPage.dormantListenerCost(15, 1_000_000),
  );
  const listenerDiffs = listener.bridge.map((b, i) => b - (listener.empty[i] ?? b));
  measurements.push(
    {
      case: DORMANT,
      variant: "lens without bridge",
      metric: "time/call",
      unit: "ns",
      value: callWithout,
    },
    {
      case: DORMANT,
      variant: "lens with dormant bridge",
      metric: "time/call",
      unit: "ns",
      value: callWith,
    },
    {
      case: DORMANT,
      variant: "lens with dormant bridge",
      metric: "bridge cost/span",
      unit: "ns",
      value: median(callDiffs),
      baseline: "lens without bridge",
    },
    {
      case: DORMANT,
      variant: "bridge onCall listener alone",
      metric: "bridge cost/span",
      unit: "ns",
      value: median(listenerDiffs),
      baseline: "empty listener",
    },
  );

  const panel = await session.openPanel();
  await countArrivals(panel);

  const burst = (lens: "bridge" | "plain", prefix: string, count: number, concurrency = 1_000) => {
    const options: GenerateOptions = {
      prefix,
      count,
      concurrency,
      functions: 20,
      varied: false,
    };
    return page.evaluate(
      ({ lens, options }) => (window as unknown as BenchWindow).benchPage.generate(lens, options),
      { lens, options },
    );
  };

  // Warm up both paths (JIT, the ports, the panel's first renders).
  await burst("plain", "warmplain", 10_000);
  await burst("bridge", "warm", 10_000);
  await waitForArrivals(panel, "warm", 10_000, 30_000);

  for (const concurrency of BURSTS) {
    const name = `${ACTIVE}, bursts of ${concurrency.toLocaleString("en-US")} calls`;
    const rates: number[] = [];
    const generationRates: number[] = [];
    const mainWith: number[] = [];
    const mainWithout: number[] = [];
    const before = await panelStoreStats(panel);
    for (let trial = 0; trial < TRIALS; trial++) {
      const id = `${concurrency}x${trial}`;
      let start = await pageProbe.mainThreadSeconds();
      const plain = await burst("plain", `plain${id}`, SPANS_PER_TRIAL, concurrency);
      mainWithout.push((((await pageProbe.mainThreadSeconds()) - start) * 1e9) / SPANS_PER_TRIAL);
      generationRates.push(SPANS_PER_TRIAL / ((plain.endedAt - plain.startedAt) / 1000));

      start = await pageProbe.mainThreadSeconds();
      const sent = await burst("bridge", `bridge${id}`, SPANS_PER_TRIAL, concurrency);
      const got = await waitForArrivals(panel, `bridge${id}`, SPANS_PER_TRIAL, 60_000);
      mainWith.push((((await pageProbe.mainThreadSeconds()) - start) * 1e9) / SPANS_PER_TRIAL);
      rates.push(SPANS_PER_TRIAL / ((got.lastAt - sent.startedAt) / 1000));
    }
    // Let anything still in flight land before counting what the panel saw as lost.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await panelStoreStats(panel);
    const lost = after.lost - before.lost;
    if (lost !== 0) {
      console.error(`${name}: the panel counted ${lost} lost spans, so this rate is NOT loss-free`);
    }
    measurements.push(
      {
        case: name,
        variant: "lens with bridge → panel",
        metric: "throughput",
        unit: "spans/s",
        value: median(rates),
      },
      {
        case: name,
        variant: "lens with bridge → panel",
        metric: "spans lost",
        unit: "spans",
        value: lost,
      },
      {
        case: name,
        variant: "lens with bridge → panel",
        metric: "main thread/span",
        unit: "ns",
        value: median(mainWith),
      },
      {
        case: name,
        variant: "lens with bridge → panel",
        metric: "bridge+relay/span",
        unit: "ns",
        value: median(mainWith.map((w, i) => w - (mainWithout[i] ?? w))),
        baseline: "lens without bridge (page alone)",
      },
      {
        case: name,
        variant: "lens without bridge (page alone)",
        metric: "calls made",
        unit: "calls/s",
        value: median(generationRates),
      },
      {
        case: name,
        variant: "lens without bridge (page alone)",
        metric: "main thread/span",
        unit: "ns",
        value: median(mainWithout),
      },
    );
  }
} finally {
  await session.close();
}
report("bridge-throughput", measurements);
process.exit(0);
