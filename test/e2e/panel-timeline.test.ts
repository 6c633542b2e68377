import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionBrowser, launchWithExtension } from "./support/chromium.js";
import { openPanelTab } from "./support/panelTab.js";

// The timeline after a long session (issue 15 §5): a ten-minute export of 200 calls, one of them
// retried twice, imported into the panel at 800 px. Whole-session bars are a few pixels; zoomed to
// the retried call by brushing the overview and then the ruler, its attempts and backoff waits are
// each tens of pixels wide. Screenshots go to SHOTS_DIR for a person to look at.

const SHOTS_DIR = join(tmpdir(), "convex-lens-panel-timeline");
const SESSION_MS = 10 * 60_000;
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - SESSION_MS;
const RETRIED_AT = BASE + 5 * 60_000 + 123;
// The retried call: attempt 0–50 ms (failed), wait, 150–200 ms (failed), wait, 350–390 ms (ok),
// then 10 ms until the call ended.
const ATTEMPTS = [
  { start: 0, end: 50, error: true },
  { start: 150, end: 200, error: true },
  { start: 350, end: 390, error: false },
];

let browser: ExtensionBrowser;
let panel: Page;

const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const hex = (n: number, length: number) => n.toString(16).padStart(length, "0");

function callSpan(i: number, path: string, start: number, end: number, attempts: number) {
  return {
    traceId: hex(i + 1, 32),
    spanId: hex(i + 1, 16),
    name: `query ${path}`,
    kind: attempts > 1 ? 1 : 3,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(end),
    attributes: [
      str("rpc.system.name", "convex"),
      str("rpc.method", path),
      str("server.address", "127.0.0.1"),
      str("convex.function.kind", "query"),
      str("convex.transport", "websocket"),
      int("convex.attempts", attempts),
    ],
    events: [],
    status: { code: 1 },
  };
}

/** An OTLP/JSON export of a ten-minute session, in the shape the panel's own export writes. */
function longSession() {
  const spans: Record<string, unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const start = BASE + (i * SESSION_MS) / 200;
    spans.push(callSpan(i, "messages:list", start, start + 20 + (i % 5) * 10, 1));
  }
  const retried = callSpan(999, "tasks:retried", RETRIED_AT, RETRIED_AT + 400, 3);
  spans.push(retried);
  ATTEMPTS.forEach((attempt, index) => {
    spans.push({
      traceId: retried.traceId,
      spanId: hex(0xa000 + index, 16),
      parentSpanId: retried.spanId,
      name: `query tasks:retried attempt ${index + 1}`,
      kind: 3,
      startTimeUnixNano: nanos(RETRIED_AT + attempt.start),
      endTimeUnixNano: nanos(RETRIED_AT + attempt.end),
      attributes: [
        int("convex.retry.attempt", index + 1),
        ...(attempt.error ? [str("error.type", "OVERLOADED")] : []),
      ],
      events: [],
      status: attempt.error ? { code: 2, message: "overloaded" } : { code: 1 },
    });
  });
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            str("service.name", "convex-lens-session"),
            str("convex_lens.session.id", "s1"),
          ],
        },
        scopeSpans: [{ scope: { name: "@convex-lens/sdk" }, spans }],
      },
    ],
  };
}

/**
 * The pieces the retried call is drawn as (ATTEMPTS): each failed attempt and the wait after it,
 * then the successful attempt and the 10 ms until the call ended.
 */
const RETRIED_PIECE_KINDS = ["attempt", "gap", "attempt", "gap", "attempt", "gap"];

/** The retried call's row in the timeline. */
const retriedCall = () =>
  panel.locator('[data-testid="timeline-call"]', { hasText: "tasks:retried" });

/** The widths, in px, of the retried call's attempts and gaps as drawn now. */
function retriedPieces(): Promise<{ kind: string; width: number }[]> {
  return retriedCall()
    .locator("[data-piece]")
    .evaluateAll((pieces) =>
      pieces.map((piece) => ({
        kind: piece.getAttribute("data-piece") ?? "",
        width: piece.getBoundingClientRect().width,
      })),
    );
}

/** Drags across `testId`'s strip from time `from` to time `to`, mapped by its window. */
async function brush(testId: string, from: number, to: number, over: "bounds" | "window") {
  const timeline = panel.getByTestId("timeline");
  const start = Number(await timeline.getAttribute(`data-${over}-start`));
  const end = Number(await timeline.getAttribute(`data-${over}-end`));
  const box = await panel.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`no ${testId}`);
  const x = (t: number) => box.x + ((t - start) / (end - start)) * box.width;
  const y = box.y + box.height / 2;
  await panel.mouse.move(x(from), y);
  await panel.mouse.down();
  await panel.mouse.move(x(to), y, { steps: 6 });
  await panel.mouse.up();
}

/** Gaps in the layout: label column wider than its cap, track not under the ruler, space above the rows. */
function deadGaps(): Promise<string[]> {
  return panel.evaluate(() => {
    const out: string[] = [];
    const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
    const label = box('[data-testid="timeline-call"] > span');
    const track = box('[data-testid="timeline-call"] .bar-track');
    const ruler = box('[data-testid="time-ruler"]');
    const head = box(".timeline-head");
    const rows = box(".timeline-rows");
    if (!label || !track || !ruler || !head || !rows) return ["a part of the timeline is missing"];
    if (label.width > 321) out.push(`the label column is ${label.width} px wide`);
    if (Math.abs(track.left - label.right) > 1) out.push("a gap between the labels and the bars");
    if (Math.abs(track.left - ruler.left) > 1 || Math.abs(track.right - ruler.right) > 1) {
      out.push(
        `the ruler (${ruler.left}–${ruler.right}) is not over the bars (${track.left}–${track.right})`,
      );
    }
    if (rows.top - head.bottom > 1)
      out.push(`${rows.top - head.bottom} px between the ruler and the rows`);
    return out;
  });
}

function horizontalOverflow(): Promise<string[]> {
  return panel.evaluate(() => {
    const out: string[] = [];
    const check = (selector: string) => {
      for (const element of document.querySelectorAll(selector)) {
        if (element.scrollWidth > element.clientWidth + 1) out.push(selector);
      }
    };
    check("html");
    check(".view.timeline");
    check(".timeline-rows");
    check(".timeline-head");
    check(".timeline-row");
    return out;
  });
}

beforeAll(async () => {
  rmSync(SHOTS_DIR, { recursive: true, force: true });
  mkdirSync(SHOTS_DIR, { recursive: true });
  browser = await launchWithExtension();
  const blank = await browser.context.newPage();
  await blank.goto("about:blank");
  const tabId = await browser.currentWorker().evaluate(async () => {
    // The service worker's own `chrome` (the test package has no extension typings).
    const { chrome } = globalThis as unknown as {
      chrome: { tabs: { query(query: object): Promise<{ id?: number }[]> } };
    };
    const tabs = await chrome.tabs.query({});
    return tabs[0]?.id ?? 1;
  });
  panel = await openPanelTab(browser.context, browser.extensionId, tabId);
  await panel.setViewportSize({ width: 800, height: 640 });
  const file = join(SHOTS_DIR, "long-session.otlp.json");
  writeFileSync(file, JSON.stringify(longSession()));
  await panel.locator('input[type="file"]').setInputFiles(file);
  await panel.getByText(/Imported 201 calls/).waitFor();
  await panel.getByRole("tab", { name: /Timeline/ }).click();
  await panel.getByTestId("timeline").waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe("the timeline after a ten-minute session, at 800 px", () => {
  it("lines up labels, ruler and bars with no dead gap, labels the ruler, and keeps the retried call's pieces visible at the whole-session scale", async () => {
    const labels = await panel.locator(".tick-label").allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) expect(label).toMatch(/^\d\d:\d\d(:\d\d)?/);
    await retriedCall().scrollIntoViewIfNeeded();
    const pieces = await retriedPieces();
    expect(pieces.map((p) => p.kind)).toEqual(RETRIED_PIECE_KINDS);
    for (const piece of pieces) expect(piece.width).toBeGreaterThanOrEqual(3);
    expect(await horizontalOverflow()).toEqual([]);
    expect(await deadGaps()).toEqual([]);
    await panel.screenshot({ path: join(SHOTS_DIR, "timeline-whole-session.png") });
  });

  it("zooms to the retried call by brushing the overview, then the ruler, and draws each attempt and wait wide", async () => {
    await brush("timeline-overview", RETRIED_AT - 3_000, RETRIED_AT + 3_000, "bounds");
    await expect
      .poll(async () => {
        const timeline = panel.getByTestId("timeline");
        return (
          Number(await timeline.getAttribute("data-window-end")) -
          Number(await timeline.getAttribute("data-window-start"))
        );
      })
      .toBeLessThan(10_000);
    await brush("time-ruler", RETRIED_AT - 20, RETRIED_AT + 420, "window");
    await retriedCall().scrollIntoViewIfNeeded();
    const pieces = await retriedPieces();
    expect(pieces.map((p) => p.kind)).toEqual(RETRIED_PIECE_KINDS);
    for (const piece of pieces.slice(0, 5)) expect(piece.width).toBeGreaterThan(20);
    const labels = await panel.locator(".tick-label").allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) expect(label).toMatch(/^\d\d:\d\d:\d\d\.\d+$/);
    expect(await horizontalOverflow()).toEqual([]);
    await panel.screenshot({ path: join(SHOTS_DIR, "timeline-zoomed.png") });
  });

  it("opens a call's detail when its row is clicked, and another's with Enter", async () => {
    await retriedCall().click();
    const detail = panel.getByTestId("call-detail");
    await expect.poll(() => detail.textContent()).toContain("tasks:retried");
    await panel.keyboard.press("0");
    const other = panel
      .locator('[data-testid="timeline-call"]', { hasText: "messages:list" })
      .last();
    await other.focus();
    await panel.keyboard.press("Enter");
    await expect.poll(() => detail.textContent()).toContain("messages:list");
    expect(await horizontalOverflow()).toEqual([]);
    await panel.screenshot({ path: join(SHOTS_DIR, "timeline-detail.png") });
  });
});
