import { join } from "node:path";
import { Collector, OtlpExporter, pollOnce } from "@convex-lens/collector";
import { createLens, type Lens } from "@convex-lens/sdk";
import { SpanKind } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  startOtlpReceiver,
} from "../../collector/src/test-support/otlpReceiver.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

// Issue 18 §3: the collector fed the local backend's own execution events (GET /_lens/executions),
// for calls an instrumented client made to traced functions, gives OTLP that OpenTelemetry's types
// read back, joined to the client's trace: CLIENT attempt → SERVER execution → database spans.

const TRACED_DIR = join(import.meta.dirname, "../fixtures/traced/convex");
const notes = {
  add: makeFunctionReference<"mutation", { body: string }, number>("notes:add"),
  count: makeFunctionReference<"query", Record<string, never>, number>("notes:count"),
  countPlain: makeFunctionReference<"query", Record<string, never>, number>("notes:countPlain"),
};

let backend: SpawnedLocalBackend;
let receiver: OtlpReceiver;
let lens: Lens;
const tracing = memoryTracing();

beforeAll(async () => {
  backend = await startTestBackend({ functionsDir: TRACED_DIR });
  receiver = await startOtlpReceiver();
  lens = createLens({
    functions: { "*": { propagate: true } },
    tracerProvider: tracing.provider,
    devtools: false,
  });
  const client = lens.instrument(
    new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
  );
  // The SDK's tracing chunk loads lazily: wait until a call comes back with server spans.
  await eventually(async () => {
    await client.query(notes.count, {});
    expect(tracing.spans().some((s) => s.kind === SpanKind.SERVER)).toBe(true);
  });
  await client.mutation(notes.add, { body: "hello" });
  await client.query(notes.countPlain, {});
});
afterAll(async () => {
  await lens?.shutdown();
  await receiver?.close();
  await backend?.stop();
});

describe("the collector against the local backend's executions", () => {
  it("joins a traced call's execution and database spans to the client span that made it", async () => {
    const logged: string[] = [];
    const collector = new Collector(
      new OtlpExporter({ endpoint: receiver.url, log: (m) => logged.push(m) }),
      resourceFromAttributes({ "service.name": "convex" }),
    );
    const cursor = await pollOnce(
      { url: backend.url, adminToken: backend.adminToken, collector, log: (m) => logged.push(m) },
      0,
    );
    await collector.exporter.flush();
    expect(cursor).toBeGreaterThan(0);
    expect(logged).toEqual([]);
    expect(collector.stats.badInputs).toBe(0);

    const attempt = tracing
      .spans()
      .find((s) => s.name === "mutation notes:add" && s.kind === SpanKind.CLIENT);
    const spans = receiver.spans();
    const server = spans.find((s) => s.name === "mutation notes:add");
    expect(server?.kind).toBe(2); // OTLP SPAN_KIND_SERVER
    expect(server?.traceId).toBe(attempt?.spanContext().traceId);
    expect(server?.parentSpanId).toBe(attempt?.spanContext().spanId);
    const children = spans.filter((s) => s.parentSpanId === server?.spanId);
    expect(children.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringContaining("insert"), expect.stringContaining("notes")]),
    );
    for (const child of children) expect(child.traceId).toBe(server?.traceId);
  });

  it("reports an untraced function's execution too, with its request id", async () => {
    const spans = receiver.spans();
    const plain = spans.find((s) => s.name === "query notes:countPlain");
    expect(plain?.kind).toBe(2);
    const requestId = plain?.attributes.find((a) => a.key === "convex.request_id")?.value;
    expect(requestId).toEqual({ stringValue: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
