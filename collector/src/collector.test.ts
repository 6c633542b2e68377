import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import type { ISpan } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCliInput } from "./cliInput.js";
import { Collector } from "./collector.js";
import { OtlpExporter } from "./otlpExporter.js";
import { type OtlpReceiver, startOtlpReceiver } from "./test-support/otlpReceiver.js";
import { startWebhookServer, type WebhookServer } from "./webhookServer.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./test-support/fixtures/${name}`, import.meta.url), "utf8");
const BROWSER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

let receiver: OtlpReceiver;
let collector: Collector;
let logged: string[];
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  logged = [];
  collector = new Collector(
    new OtlpExporter({ endpoint: receiver.url, log: (m) => logged.push(m) }),
    resourceFromAttributes({ "service.name": "convex" }),
  );
});
afterEach(() => receiver.close());

const attribute = (span: ISpan | undefined, key: string) =>
  span?.attributes.find((a) => a.key === key)?.value;
const named = (name: string) => receiver.spans().find((span) => span.name === name);

describe("from `npx convex logs --jsonl`", () => {
  beforeEach(async () => {
    await readCliInput(Readable.from([fixture("convex-logs.jsonl")]), collector, (m) =>
      logged.push(m),
    );
    await collector.exporter.flush();
  });

  it("turns every completed execution into a SERVER span with its time, cache flag and usage", () => {
    const cached = named("query tasks:count");
    expect(cached?.kind).toBe(2); // OTLP SPAN_KIND_SERVER
    expect(attribute(cached, "convex.cached")).toEqual({ boolValue: true });
    expect(attribute(cached, "convex.request_id")).toEqual({ stringValue: "1111222233334444" });
    const action = named("action tasks:summarize");
    expect(attribute(action, "convex.usage.database_read_bytes")).toEqual({ intValue: 1077 });
    expect(attribute(action, "convex.usage.memory_used_mb")).toEqual({ intValue: 12 });
    const duration =
      BigInt(String(action?.endTimeUnixNano)) - BigInt(String(action?.startTimeUnixNano));
    expect(duration).toBe(120_000_000n);
    expect(collector.stats).toMatchObject({ executions: 4, tracedExecutions: 2, badInputs: 0 });
  });

  it("parents an untraced child execution under its parent through parentExecutionId", () => {
    const action = named("action tasks:summarize");
    const mutation = named("mutation tasks:touch");
    expect(mutation?.status.code).toBe(2); // ERROR
    expect(attribute(mutation, "error.type")).toEqual({ stringValue: "Error" });
    // The untraced child hangs off the hash of its parent's execution id; the traced parent keeps
    // the helper's ids, so this link holds only between untraced executions (documented).
    expect(mutation?.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(action?.traceId).toBe(BROWSER_TRACE);
  });

  it("adds the helper's spans under the browser's trace, parent to child", () => {
    const action = named("action tasks:summarize");
    const runQuery = named("runQuery tasks:list");
    const query = named("query tasks:list");
    const db = named("db.query tasks");
    expect(action?.parentSpanId).toBe("00f067aa0ba902b7");
    expect(runQuery?.parentSpanId).toBe(action?.spanId);
    expect(query?.parentSpanId).toBe(runQuery?.spanId);
    expect(db?.parentSpanId).toBe(query?.spanId);
    for (const span of [action, runQuery, query, db]) expect(span?.traceId).toBe(BROWSER_TRACE);
    expect(attribute(db, "convex.db.count")).toEqual({ intValue: 3 });
    expect(attribute(query, "convex.lens.spans_dropped")).toEqual({ intValue: 2 });
  });
});

describe("from a log-stream webhook", () => {
  let server: WebhookServer;
  const secret = "whsec-test";
  const post = (body: string, signature?: string) =>
    fetch(server.url, {
      method: "POST",
      body,
      headers: signature === undefined ? {} : { "x-webhook-signature": signature },
    });
  const sign = (body: string) =>
    `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

  beforeEach(async () => {
    server = await startWebhookServer({ collector, secret, log: (m) => logged.push(m) });
  });
  afterEach(() => server.close());

  it("joins a function_execution event with the helper line from its console event", async () => {
    const body = fixture("log-stream-batch.json");
    const response = await post(body, sign(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ executions: 2, skipped: 2 });
    await collector.exporter.flush();
    const query = named("query tasks:list");
    expect(query?.traceId).toBe(BROWSER_TRACE);
    expect(query?.parentSpanId).toBe("b2b2b2b2b2b2b2b2");
    expect(named("db.query tasks")?.parentSpanId).toBe(query?.spanId);
    expect(attribute(query, "convex.usage.database_read_documents")).toEqual({ intValue: 3 });
    const cleanup = named("mutation tasks:cleanup");
    expect(attribute(cleanup, "convex.scheduler.job_id")).toEqual({ stringValue: "kd7abc123" });
    expect(JSON.stringify(receiver.requests)).not.toContain("secret detail");
  });

  it("answers 401 to an unsigned or mis-signed request", async () => {
    const body = fixture("log-stream-batch.json");
    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(`${body} `))).status).toBe(401);
    expect(logged.some((m) => m.includes("x-webhook-signature"))).toBe(true);
  });

  it("answers 400 with a reason to bad input, and keeps serving", async () => {
    for (const body of [
      "not json",
      "{}",
      '[{"topic":"function_execution"}]',
      '[{"topic":"console","timestamp":1}]',
    ]) {
      const response = await post(body, sign(body));
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: unknown }).error).toEqual(expect.any(String));
    }
    expect(collector.stats.badInputs).toBe(4);
    const body = fixture("log-stream-batch.json");
    expect((await post(body, sign(body))).status).toBe(200);
  });

  it("refuses a body over the size cap with 413", async () => {
    const small = await startWebhookServer({ collector, maxBodyBytes: 100, log: () => {} });
    try {
      const response = await fetch(small.url, { method: "POST", body: "x".repeat(1000) });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it("reports what it received, exported and lost on /stats", async () => {
    const stats = await (await fetch(`${server.url}/stats`)).json();
    expect(stats).toMatchObject({ executions: 0, exported: 0, droppedQueueFull: 0 });
  });
});

describe("bad CLI records", () => {
  it("are logged with their line number and counted, and the stream goes on", async () => {
    const input = ["garbage", '{"kind":"Completion"}', fixture("convex-logs.jsonl")].join("\n");
    await readCliInput(Readable.from([input]), collector, (m) => logged.push(m));
    expect(collector.stats).toMatchObject({ badInputs: 2, executions: 4 });
    expect(logged[0]).toMatch(/^convex-lens-collector: line 1: not JSON/);
  });
});
