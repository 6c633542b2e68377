import type { ISpan } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  startOtlpReceiver,
} from "../../collector/src/test-support/otlpReceiver.js";
import { eventually } from "../support/eventually.js";
import { openDemo } from "./support/demoPage.js";
import { type DemoSession, startDemoSession } from "./support/demoSession.js";
import { openPanelTab, tabIdOf } from "./support/panelTab.js";

// Issue 18 "Done when", in Chromium: one click on the demo (add a task) makes one trace that runs
// from the browser's spans through the Convex function's execution to its database reads. Checked
// in the OTLP the page exports (VITE_OTLP_URL, to a receiver here) and in the DevTools panel.

// OTLP's SpanKind numbers (opentelemetry-proto trace.proto).
const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

let session: DemoSession;
let receiver: OtlpReceiver;
let page: Page;

/** Milliseconds from OTLP JSON's nanosecond timestamps, which arrive as decimal strings. */
const ms = (nanos: ISpan["startTimeUnixNano"]) => Number(BigInt(String(nanos)) / 1_000n) / 1_000;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  session = await startDemoSession({ otlpUrl: receiver.url });
  page = await session.browser.context.newPage();
  await openDemo(page, session.appUrl);
});

afterAll(async () => {
  await session?.close();
  await receiver?.close();
});

describe("one click's end-to-end trace in the demo", () => {
  it("runs from the browser's spans to the function's database reads, in the exported OTLP", async () => {
    const title = "Trace this click";
    await page.getByLabel("New task title").fill(title);
    await page.getByRole("button", { name: "Add task" }).click();
    await page.locator(`li.task[data-task-title="${title}"]`).waitFor();

    const trace = await eventually(
      () => {
        const exported = receiver.spans();
        const attempt = exported.find(
          (s) => s.name === "mutation tasks:create" && s.kind === SPAN_KIND_CLIENT,
        );
        const execution = exported.find(
          (s) => s.kind === SPAN_KIND_SERVER && s.parentSpanId === attempt?.spanId,
        );
        const reads = exported.filter((s) => s.parentSpanId === execution?.spanId);
        expect(attempt && execution && reads.length > 0).toBe(true);
        return { attempt: attempt!, execution: execution!, reads };
      },
      { timeoutMs: 20_000 },
    );
    const { attempt, execution, reads } = trace;
    // One trace: the browser's logical span, its attempt, the execution, the database spans.
    const logical = receiver.spans().find((s) => s.spanId === attempt.parentSpanId);
    expect(logical?.kind).toBe(SPAN_KIND_INTERNAL);
    expect(logical?.name).toBe("mutation tasks:create");
    expect(execution.name).toBe("mutation tasks:create");
    for (const span of [attempt, execution, ...reads]) expect(span.traceId).toBe(logical?.traceId);
    expect(reads.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^db\./)]),
    );
    // Timestamps nest: the execution inside the attempt, the reads inside the execution.
    expect(ms(execution.startTimeUnixNano)).toBeGreaterThanOrEqual(ms(attempt.startTimeUnixNano));
    expect(ms(execution.endTimeUnixNano)).toBeLessThanOrEqual(ms(attempt.endTimeUnixNano));
    for (const read of reads) {
      expect(ms(read.startTimeUnixNano)).toBeGreaterThanOrEqual(ms(execution.startTimeUnixNano));
      expect(ms(read.endTimeUnixNano)).toBeLessThanOrEqual(ms(execution.endTimeUnixNano));
    }
  });

  it("shows the function's spans nested under the call in the panel's timeline and call detail", async () => {
    const tabId = await tabIdOf(session.browser.currentWorker(), page.url());
    const panel = await openPanelTab(session.browser.context, session.browser.extensionId, tabId);
    await panel.getByRole("tab", { name: /Timeline/ }).click();
    const rows = await eventually(
      async () => {
        const found = await panel
          .locator('[data-testid="timeline"] [data-testid="server-span"]')
          .evaluateAll((all) =>
            all.map((row) => ({
              depth: row.getAttribute("data-depth"),
              text: row.textContent ?? "",
            })),
          );
        expect(found.some((r) => r.text.includes("mutation tasks:create"))).toBe(true);
        return found;
      },
      { timeoutMs: 15_000 },
    );
    const execution = rows.findIndex((r) => r.text.includes("mutation tasks:create"));
    expect(rows[execution]?.depth).toBe("0");
    expect(rows[execution + 1]?.depth).toBe("1");
    expect(rows[execution + 1]?.text).toMatch(/^db\./);

    await panel.getByRole("tab", { name: /Calls/ }).click();
    await panel
      .locator('[data-testid="call-list"] [role="option"]', { hasText: "tasks:create" })
      .first()
      .click();
    const time = await panel.getByTestId("server-time").textContent();
    expect(time).toContain("Function");
    expect(time).toContain("Network and queue");
  });
});
