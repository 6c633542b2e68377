import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { IExportTraceServiceRequest } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BundledPage, serveBundledPage } from "../support/bundledPage.js";
import type { OtlpPageHandle } from "./fixtures/otlpExportPage.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./support/chromium.js";

// Issue 18 "Done when": the browser's own OTLP/HTTP export (`setupTracing({ otlp })`, the
// exporter the SDK loads lazily) in Chromium, against a receiver here. What arrives is decoded as
// OpenTelemetry's own ExportTraceServiceRequest, and an export the receiver first refuses with
// 503 (a collector that is down behind its proxy) is retried by the exporter until it lands, once.

interface Receiver {
  readonly url: string;
  /** Every POST that reached it, answered or refused. */
  attempts: number;
  /** How many of the next POSTs to refuse with 503. */
  refuseNext: number;
  readonly accepted: IExportTraceServiceRequest[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = {
    url: "",
    attempts: 0,
    refuseNext: 0,
    accepted: [] as IExportTraceServiceRequest[],
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  const server: Server = createServer((request, response) => {
    // The page is another origin: answer the exporter's CORS preflight.
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Access-Control-Allow-Headers", "*");
    response.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
    if (request.method !== "POST") {
      response.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.attempts++;
      if (receiver.refuseNext > 0) {
        receiver.refuseNext--;
        response.writeHead(503, { "Retry-After": "0" }).end("collector is down");
        return;
      }
      receiver.accepted.push(
        JSON.parse(Buffer.concat(chunks).toString("utf8")) as IExportTraceServiceRequest,
      );
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return receiver;
}

/** The exported spans' names, from every accepted request. */
function spanNames(requests: IExportTraceServiceRequest[]): string[] {
  return requests.flatMap((request) =>
    (request.resourceSpans ?? []).flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) => (scope.spans ?? []).map((span) => span.name)),
    ),
  );
}

let receiver: Receiver;
let site: BundledPage;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  receiver = await startReceiver();
  site = await serveBundledPage(
    join(import.meta.dirname, "fixtures/otlpExportPage.ts"),
    "Convex Lens OTLP export",
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  page = await browser.newPage();
  await page.goto(`${site.url}?otlp=${encodeURIComponent(receiver.url)}`);
  await page.waitForFunction(() => "otlpPage" in window);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await receiver?.close();
});

const callAndFlush = (path: string) =>
  page.evaluate(
    (path) => (window as unknown as { otlpPage: OtlpPageHandle }).otlpPage.callAndFlush(path),
    path,
  );

describe("the browser's OTLP/HTTP export", () => {
  it("delivers a call's spans as an OTLP request with the service resource", async () => {
    const counters = await callAndFlush("messages:list");
    expect(counters.failedBatches).toBe(0);
    const [request] = receiver.accepted;
    const resource = request?.resourceSpans?.[0]?.resource?.attributes ?? [];
    expect(resource).toContainEqual({
      key: "service.name",
      value: { stringValue: "otlp-browser-test" },
    });
    // The call's INTERNAL span and its request's CLIENT span (docs/architecture.md).
    const spans = request?.resourceSpans?.[0]?.scopeSpans.flatMap((scope) => scope.spans ?? []);
    const named = spans?.filter((span) => span.name === "query messages:list") ?? [];
    expect(named.map((span) => span.kind).sort()).toEqual([1, 3]);
    for (const span of named) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("retries an export the receiver refuses with 503, and delivers it once", async () => {
    receiver.accepted.length = 0;
    receiver.attempts = 0;
    receiver.refuseNext = 2;
    const counters = await callAndFlush("messages:afterOutage");
    expect(receiver.attempts).toBe(3);
    expect(counters.failedBatches).toBe(0);
    expect(
      spanNames(receiver.accepted).filter((name) => name === "query messages:afterOutage"),
    ).toHaveLength(2);
  });
});
