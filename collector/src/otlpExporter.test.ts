import { resourceFromAttributes } from "@opentelemetry/resources";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Execution } from "./execution.js";
import { executionSpans } from "./executionSpans.js";
import { OtlpExporter } from "./otlpExporter.js";
import { type OtlpReceiver, startOtlpReceiver } from "./test-support/otlpReceiver.js";

const resource = resourceFromAttributes({ "service.name": "convex" });
const spans = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const execution: Execution = {
      requestId: `req${i}`,
      executionId: `exec${i}`,
      path: "tasks:list",
      kind: "query",
      startMs: 1_765_000_000_000,
      durationMs: 5,
      cached: false,
      success: true,
      usage: {},
    };
    return executionSpans(execution, resource)[0];
  }).filter((span) => span !== undefined);

let receiver: OtlpReceiver;
let logged: string[];
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  logged = [];
});
afterEach(() => receiver.close());

describe("the OTLP exporter", () => {
  it("batches spans into requests of at most maxBatchSpans", async () => {
    const exporter = new OtlpExporter({ endpoint: receiver.url, maxBatchSpans: 10 });
    exporter.enqueue(spans(25));
    await exporter.flush();
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.spans()).toHaveLength(25);
    expect(exporter.stats).toMatchObject({ exported: 25, queued: 0 });
  });

  it("retries a batch while the endpoint answers 503, then delivers it", async () => {
    receiver.mode = "fail503";
    const exporter = new OtlpExporter({ endpoint: receiver.url, initialBackoffMs: 20 });
    exporter.enqueue(spans(3));
    const flushed = exporter.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    receiver.mode = "ok";
    await flushed;
    expect(receiver.spans()).toHaveLength(3);
    expect(exporter.stats.failedAttempts).toBeGreaterThan(0);
    expect(exporter.stats.exported).toBe(3);
  });

  it("counts and reports a batch dropped after its last attempt", async () => {
    receiver.mode = "fail503";
    const exporter = new OtlpExporter({
      endpoint: receiver.url,
      maxAttempts: 3,
      initialBackoffMs: 1,
      log: (m) => logged.push(m),
    });
    exporter.enqueue(spans(4));
    await exporter.flush();
    expect(receiver.attempts).toBe(3);
    expect(exporter.stats).toMatchObject({ droppedRetriesExhausted: 4, exported: 0 });
    expect(logged).toEqual([expect.stringContaining("4 spans dropped after 3 attempts")]);
  });

  it("holds at most maxQueueSpans while the endpoint hangs, and counts the rest as dropped", async () => {
    receiver.mode = "hang";
    const exporter = new OtlpExporter({
      endpoint: receiver.url,
      maxQueueSpans: 20,
      maxBatchSpans: 5,
      maxAttempts: 1,
      requestTimeoutMs: 200,
      log: (m) => logged.push(m),
    });
    exporter.enqueue(spans(5)); // the first batch goes out and hangs
    await new Promise((resolve) => setTimeout(resolve, 20));
    const accepted = exporter.enqueue(spans(50));
    expect(accepted).toBe(20);
    expect(exporter.stats).toMatchObject({ queued: 20, droppedQueueFull: 30 });
    expect(logged.some((m) => m.includes("queue full"))).toBe(true);
    await exporter.flush();
    expect(exporter.stats.droppedRetriesExhausted).toBe(25);
  });

  it("does not retry a batch the endpoint refuses as malformed", async () => {
    const exporter = new OtlpExporter({
      endpoint: `${receiver.url.replace("/v1/traces", "")}/nowhere`,
      fetch: async () => new Response("bad", { status: 400 }),
      log: (m) => logged.push(m),
    });
    exporter.enqueue(spans(2));
    await exporter.flush();
    expect(exporter.stats).toMatchObject({ droppedRejected: 2, failedAttempts: 1 });
  });
});
