import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BundledPage, serveBundledPage } from "../support/bundledPage.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import type { PageSpan, SpanPageHandle } from "./fixtures/spanContextPage.js";
import { launchChromium } from "./support/chromium.js";

// Issue 13 §1 in Chromium, with the browser's own tracing stack (WebTracerProvider,
// StackContextManager, @opentelemetry/instrumentation-fetch): the fetch of a call nests under the
// attempt's CLIENT span, and there is exactly one CLIENT span of the SDK per fetch, retried or not.

let backend: SpawnedLocalBackend;
let site: BundledPage;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  backend = await startTestBackend();
  site = await serveBundledPage(
    join(import.meta.dirname, "fixtures/spanContextPage.ts"),
    "Convex Lens span context",
  );
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${site.url}?backend=${encodeURIComponent(backend.url)}`);
  await page.waitForFunction(() => "spanPage" in window);
});
afterEach(async () => {
  await backend.clearFaults();
  await page.evaluate(() => (window as unknown as { spanPage: SpanPageHandle }).spanPage.reset());
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.stop();
});

const CLIENT = 2;
const INTERNAL = 0;

const countInClick = () =>
  page.evaluate(() => (window as unknown as { spanPage: SpanPageHandle }).spanPage.countInClick());
const pageSpans = () =>
  page.evaluate(() => (window as unknown as { spanPage: SpanPageHandle }).spanPage.spans());

function shape(spans: PageSpan[]) {
  const sdk = spans.filter((s) => s.scope === "@convex-lens/sdk");
  const requests = sdk.filter((s) => s.kind === CLIENT);
  const calls = sdk.filter((s) => s.kind === INTERNAL);
  const fetches = spans.filter((s) => s.scope.includes("instrumentation-fetch"));
  return { requests, calls, fetches };
}

describe("span context in Chromium", () => {
  it("nests the call's fetch under its one CLIENT span, under the call, under the app's span", async () => {
    const click = await countInClick();
    expect(click.ok).toBe(true);
    // The fetch instrumentation ends its span once the response's resource timing is in.
    await eventually(async () => expect(shape(await pageSpans()).fetches).toHaveLength(1));
    const { requests, calls, fetches } = shape(await pageSpans());
    expect(requests).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect(fetches).toHaveLength(1);
    expect(fetches[0]?.parentSpanId).toBe(requests[0]?.spanId);
    expect(requests[0]?.parentSpanId).toBe(calls[0]?.spanId);
    expect(calls[0]?.parentSpanId).toBe(click.spanId);
    for (const span of [...requests, ...calls, ...fetches])
      expect(span.traceId).toBe(click.traceId);
  });

  it("counts one CLIENT span per fetch when a call is retried, each fetch under its own attempt", async () => {
    await backend.setFaults({ errorRate: 1, errorKind: "overloaded", functions: "messages:count" });
    const before = (await backend.status()).faults.injectedErrors;
    const running = countInClick();
    // Heal after the first attempt failed: the retry, 400 ms later (backoff in a timer, where the
    // StackContextManager has lost the caller's context), succeeds.
    await eventually(async () => {
      expect((await backend.status()).faults.injectedErrors).toBeGreaterThan(before);
    });
    await backend.clearFaults();
    const click = await running;
    expect(click).toMatchObject({ ok: true });
    await eventually(async () => {
      const { requests, fetches } = shape(await pageSpans());
      expect(fetches).toHaveLength(requests.length);
    });
    const { requests, calls, fetches } = shape(await pageSpans());
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(fetches).toHaveLength(requests.length);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.parentSpanId).toBe(click.spanId);
    const requestIds = new Set(requests.map((r) => r.spanId));
    for (const fetch of fetches) expect(requestIds.has(fetch.parentSpanId ?? "")).toBe(true);
    expect(new Set(fetches.map((f) => f.parentSpanId)).size).toBe(requests.length);
    for (const request of requests) expect(request.parentSpanId).toBe(calls[0]?.spanId);
  });
});
