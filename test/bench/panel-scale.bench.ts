// The Convex panel at scale, in headless Chromium with the extension loaded: 100,000 calls in
// the panel's buffer (its cap), fed through the real path from a page that uses the SDK, then the
// time a filter takes to show its result, the time to render the list from another tab and from
// an imported 100,000-call OTLP/JSON file (the panel's own export), and the panel's JS heap; then,
// in a fresh session, the Subscriptions view's render times with 1,000 live subscriptions.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Measurement, median, report } from "./harness.js";
import type { BenchPageHandle, GenerateOptions } from "./support/benchPage.js";
import { probePage } from "./support/cdpProbe.js";
import { startExtensionSession } from "./support/extensionSession.js";
import { countArrivals, panelStoreStats, waitForArrivals } from "./support/panelProbe.js";
import { timeFilter, timeImport, timeTabToCalls } from "./support/panelTiming.js";
import { measureSubscriptionsView } from "./support/subscriptionsScale.js";

// The runner's cwd is test/ (scripts/bench.mjs); this file is bundled elsewhere.
const PAGE_ENTRY = join(process.cwd(), "bench/support/benchPage.ts");
const PAGE_TITLE = "Convex Lens panel benchmark";
const CALLS = 100_000;
const REPEATS = 5;
const IMPORTED_CALLS = 75_000;
// Texts a developer types: one function (and its namesakes f170…f179), an app error code, half
// the functions, nothing at all, and clearing the box again. Consecutive texts always differ.
const FILTERS = ["scale:f17", "not_found", "scale:f1", "no-such-call", ""];
const CASE_DATA = "100,000 calls in the panel (fed live from the page)";
const CASE_FILTER = "filter the 100,000-call list (type, until the list shows the result)";
const CASE_RENDER = "render the 100,000-call list";

type BenchWindow = { benchPage: BenchPageHandle };

interface OtlpSpanShape {
  parentSpanId?: string;
}
interface OtlpShape {
  resourceSpans: { scopeSpans: { spans: OtlpSpanShape[] }[] }[];
}

/** The export cut after its first `calls` calls (a call's attempt spans follow it, as children). */
function firstCalls(text: string, calls: number): string {
  const document = JSON.parse(text) as OtlpShape;
  let left = calls;
  for (const resource of document.resourceSpans) {
    for (const scope of resource.scopeSpans) {
      let end = 0;
      while (end < scope.spans.length) {
        const span = scope.spans[end] as OtlpSpanShape;
        if (span.parentSpanId === undefined) {
          if (left === 0) break;
          left--;
        }
        end++;
      }
      scope.spans = scope.spans.slice(0, end);
    }
  }
  return JSON.stringify(document);
}

const session = await startExtensionSession(PAGE_ENTRY, PAGE_TITLE, "benchPage");
const measurements: Measurement[] = [];
const downloads = mkdtempSync(join(tmpdir(), "convex-lens-panel-bench-"));
try {
  const { page, browser } = session;
  const panel = await session.openPanel();
  const panelProbe = await probePage(browser.context, panel);
  await countArrivals(panel);
  const emptyHeap = await panelProbe.heapUsedAfterGc();

  // A realistic mix (kinds, failures, retries, log lines) over 200 functions, fed at full speed.
  const options: GenerateOptions = {
    prefix: "scale",
    count: CALLS,
    concurrency: 5_000,
    functions: 200,
    varied: true,
  };
  const sent = await page.evaluate(
    (options) => (window as unknown as BenchWindow).benchPage.generate("bridge", options),
    options,
  );
  const got = await waitForArrivals(panel, "scale", CALLS, 60_000);
  const stats = await panelStoreStats(panel);
  if (stats.calls !== CALLS || stats.lost !== 0) {
    throw new Error(`the panel holds ${stats.calls} calls and counted ${stats.lost} lost`);
  }
  const fullHeap = await panelProbe.heapUsedAfterGc();
  measurements.push(
    {
      case: CASE_DATA,
      variant: "panel",
      metric: "fed in",
      unit: "ms",
      value: got.lastAt - sent.startedAt,
    },
    { case: CASE_DATA, variant: "panel", metric: "JS heap", unit: "bytes", value: fullHeap },
    {
      case: CASE_DATA,
      variant: "panel",
      metric: "heap/call",
      unit: "bytes",
      value: (fullHeap - emptyHeap) / CALLS,
      baseline: "empty panel",
    },
  );

  // Filters, each several times; a warm-up round first (the first rescan compiles the filter).
  const byText = new Map<string, number[]>(FILTERS.map((text) => [text, []]));
  const frames: number[] = [];
  for (const text of FILTERS) await timeFilter(panel, text);
  for (let round = 0; round < REPEATS; round++) {
    for (const text of FILTERS) {
      const timing = await timeFilter(panel, text);
      byText.get(text)?.push(timing.domMs);
      frames.push(timing.frameMs);
    }
  }
  for (const [text, times] of byText) {
    measurements.push({
      case: CASE_FILTER,
      variant: text === "" ? "clear the filter" : `"${text}"`,
      metric: "list updated",
      unit: "ms",
      value: median(times),
    });
  }
  const all = [...byText.values()].flat();
  measurements.push(
    {
      case: CASE_FILTER,
      variant: "every filter",
      metric: "list updated, max",
      unit: "ms",
      value: Math.max(...all),
    },
    {
      case: CASE_FILTER,
      variant: "every filter",
      metric: "next frame",
      unit: "ms",
      value: median(frames),
    },
  );

  // Back to the Calls tab from the Errors tab: the list mounts again over 100,000 calls.
  const tabTimes: number[] = [];
  for (let round = 0; round < REPEATS; round++) {
    await panel.locator("#tab-Errors").click();
    tabTimes.push((await timeTabToCalls(panel, CALLS)).domMs);
  }
  measurements.push({
    case: CASE_RENDER,
    variant: "Errors tab → Calls tab",
    metric: "list shown",
    unit: "ms",
    value: median(tabTimes),
  });

  // The panel's own export, imported back: first render of a large session from a file. A
  // 100,000-call export of this mix is larger than the panel's import cap (64 MB, otlpImport.ts),
  // so the import takes the export's first IMPORTED_CALLS calls.
  const [download] = await Promise.all([
    panel.waitForEvent("download"),
    panel.getByRole("button", { name: "Export" }).click(),
  ]);
  const exported = join(downloads, "session.otlp.json");
  await download.saveAs(exported);
  const file = join(downloads, "first-calls.otlp.json");
  writeFileSync(file, firstCalls(readFileSync(exported, "utf8"), IMPORTED_CALLS));
  const importTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    importTimes.push((await timeImport(panel, file, IMPORTED_CALLS)).domMs);
  }
  const importCase = `${CASE_RENDER.replace("100,000", "75,000")}, imported`;
  measurements.push(
    {
      case: CASE_RENDER,
      variant: "export of the 100,000 calls",
      metric: "file size",
      unit: "bytes",
      value: statSync(exported).size,
    },
    {
      case: importCase,
      variant: "import the export's first 75,000 calls",
      metric: "list shown",
      unit: "ms",
      value: median(importTimes),
    },
    {
      case: importCase,
      variant: "import the export's first 75,000 calls",
      metric: "file size",
      unit: "bytes",
      value: statSync(file).size,
    },
    {
      case: importCase,
      variant: "import the export's first 75,000 calls",
      metric: "JS heap after",
      unit: "bytes",
      value: await panelProbe.heapUsedAfterGc(),
    },
  );
  await panelProbe.detach();
} finally {
  await session.close();
  rmSync(downloads, { recursive: true, force: true });
}

// The Subscriptions view at the bound docs/devtools.md gives it, in a session of its own so that
// neither part's figures carry the other's data.
const subscriptionsSession = await startExtensionSession(PAGE_ENTRY, PAGE_TITLE, "benchPage");
try {
  const panel = await subscriptionsSession.openPanel();
  measurements.push(...(await measureSubscriptionsView(subscriptionsSession.page, panel, REPEATS)));
} finally {
  await subscriptionsSession.close();
}
report("panel-scale", measurements);
process.exit(0);
