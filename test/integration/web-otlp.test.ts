import { join } from "node:path";
import { createLens, type Lens, type LogRecord, logger } from "@convex-lens/sdk";
import { setupTracing, type TracingSetup } from "@convex-lens/sdk/web";
import type {
  IAnyValue,
  IKeyValue,
} from "@opentelemetry/otlp-transformer/build/src/common/internal-types.js";
import type { ISpan } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types.js";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type OtlpReceiver,
  type ReceivedExport,
  startOtlpReceiver,
} from "../../collector/src/test-support/otlpReceiver.js";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { refusingPort } from "../support/refusingPort.js";

// The OTLP/HTTP exporter posts JSON (ExportTraceServiceRequest in the OTLP JSON encoding:
// hex ids, attributes as {key, value: {stringValue | intValue | …}}). The receiver is a real HTTP
// server in the test process; what it receives is decoded against OpenTelemetry's own types.

function value(v: IAnyValue | undefined): unknown {
  if (v === undefined) return undefined;
  return v.stringValue ?? v.boolValue ?? v.intValue ?? v.doubleValue ?? undefined;
}

function attributes(list: IKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, value(kv.value)]));
}

function spansOf(
  requests: ReceivedExport[],
): { span: ISpan; resource: Record<string, unknown>; scope: string }[] {
  return requests.flatMap((r) =>
    (r.body.resourceSpans ?? []).flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        (ss.spans ?? []).map((span) => ({
          span,
          resource: attributes(rs.resource?.attributes),
          scope: ss.scope?.name ?? "",
        })),
      ),
    ),
  );
}

let backend: SpawnedLocalBackend;
let receiver: OtlpReceiver;
let tracing: TracingSetup | undefined;
let lens: Lens | undefined;

beforeAll(async () => {
  backend = await startTestBackend();
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  receiver.mode = "ok"; // so that shutdown's final flush does not wait on a hanging receiver
  await lens?.shutdown();
  await tracing?.shutdown();
  lens = undefined;
  tracing = undefined;
  receiver.requests.length = 0;
});
afterAll(async () => {
  await receiver?.close();
  await backend?.stop();
});

/** Tracing set up in one call, then a lens on the global provider and a real HTTP client. */
function instrumented(url: string, logs: LogRecord[] = [], timeoutMs = 500) {
  lens = createLens({
    devtools: false,
    retry: false,
    use: [logger({ level: "info", sink: (record) => logs.push(record) })],
  });
  tracing = setupTracing({
    serviceName: "chat-web",
    serviceVersion: "1.2.3",
    otlp: { url, headers: { "x-ingest-key": "secret-key" }, timeoutMs },
    devtools: false,
    lens,
  });
  const client = lens.instrument(
    new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
  );
  return { client, tracing, logs };
}

async function expectedCount(): Promise<number> {
  const plain = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  return await plain.query(chat.count, {});
}

describe("setupTracing exports over OTLP/HTTP", () => {
  it("delivers the instrumented call's span with the service resource and Convex attributes", async () => {
    const { client, tracing } = instrumented(receiver.url);
    await client.mutation(chat.send, { author: "ada", body: "traced" });
    const count = await client.query(chat.count, {});
    expect(count).toBe(await expectedCount());
    await tracing.forceFlush();

    const [request] = receiver.requests;
    expect(request?.path).toBe("/v1/traces");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-ingest-key"]).toBe("secret-key");
    const exported = spansOf(receiver.requests);
    // The request's span: CLIENT, under the call's INTERNAL span (docs/architecture.md).
    const query = exported.find((s) => s.span.name === "query messages:count" && s.span.kind === 3);
    expect(query, "the query's request span").toBeDefined();
    const call = exported.find((s) => s.span.spanId === query?.span.parentSpanId);
    expect(call?.span.kind).toBe(1); // ESpanKind.SPAN_KIND_INTERNAL
    expect(query?.resource).toMatchObject({
      "service.name": "chat-web",
      "service.version": "1.2.3",
      "telemetry.sdk.name": "opentelemetry",
    });
    expect(query?.scope).toBe("@convex-lens/sdk");
    expect(query?.span.kind).toBe(3); // ESpanKind.SPAN_KIND_CLIENT
    expect(query?.span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(query?.span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(attributes(query?.span.attributes)).toMatchObject({
      "rpc.system.name": "convex",
      "rpc.method": "messages:count",
      "convex.function.kind": "query",
      "convex.transport": "http",
      "server.address": new URL(backend.url).hostname,
      "server.port": Number(new URL(backend.url).port),
    });
    expect(exported.map((s) => s.span.name)).toContain("mutation messages:send");
    expect(tracing.diagnostics()).toMatchObject({ failedBatches: 0, failing: false });
    expect(tracing.diagnostics().exportedSpans).toBeGreaterThanOrEqual(2);
  });

  it("exports a failed call with its error type", async () => {
    const { client, tracing } = instrumented(receiver.url);
    await expect(client.mutation(chat.fail, {})).rejects.toMatchObject({
      code: expect.any(String),
    });
    await tracing.forceFlush();
    const failed = spansOf(receiver.requests).find((s) => s.span.name === "mutation messages:fail");
    expect(failed?.span.status.code).toBe(2); // EStatusCode.STATUS_CODE_ERROR
    expect(attributes(failed?.span.attributes)["error.type"]).toEqual(expect.any(String));
  });
});

describe("an OTLP endpoint that is unwell never changes what the app sees", () => {
  it("answering 500: results are unchanged, the failure is counted and logged once", async () => {
    receiver.mode = "fail500";
    const { client, tracing, logs } = instrumented(receiver.url, []);
    const expected = await expectedCount();
    for (let i = 0; i < 3; i++) {
      expect(await client.query(chat.count, {})).toBe(expected);
      await tracing.forceFlush(); // resolves although the export failed
    }
    expect(tracing.diagnostics()).toMatchObject({
      failedBatches: 3,
      droppedSpans: 6, // each call's span and its request's
      failing: true,
    });
    expect(tracing.diagnostics().last?.message).toMatch(/500/);
    expect(lens?.diagnostics().errors.exporter).toBe(3);
    const warnings = logs.filter((r) => r.level === "warn" && r.message.includes("OTLP export"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).not.toContain("secret-key");

    receiver.mode = "ok";
    await client.query(chat.count, {});
    await tracing.forceFlush();
    expect(tracing.diagnostics().failing).toBe(false);
    expect(logs.some((r) => r.level === "info" && r.message.includes("recovered"))).toBe(true);
  });

  it("hanging: calls finish while the export waits, and the export gives up at its timeout", async () => {
    receiver.mode = "hang";
    const { client, tracing } = instrumented(receiver.url, [], 1_500);
    const expected = await expectedCount();
    expect(await client.query(chat.count, {})).toBe(expected);
    let flushed = false;
    const flushing = tracing.forceFlush().then(() => {
      flushed = true;
    });
    // The export reached the receiver and is stuck there.
    await eventually(() => expect(receiver.held).toBeGreaterThanOrEqual(1));
    for (let i = 0; i < 3; i++) expect(await client.query(chat.count, {})).toBe(expected);
    expect(flushed).toBe(false);
    await flushing;
    expect(tracing.diagnostics().failedBatches).toBe(1);
    expect(tracing.diagnostics().last?.message).toMatch(/timeout|timed out|abort/i);
  });

  it("refusing connections: results are unchanged and the failure is counted", async () => {
    const { client, tracing } = instrumented(`http://127.0.0.1:${await refusingPort()}/v1/traces`);
    const expected = await expectedCount();
    expect(await client.query(chat.count, {})).toBe(expected);
    await tracing.forceFlush();
    expect(tracing.diagnostics()).toMatchObject({
      failedBatches: 1,
      droppedSpans: 2, // the call's span and its request's
      failing: true,
    });
    expect(tracing.diagnostics().last?.message).toMatch(/ECONNREFUSED|connect/i);
    expect(lens?.diagnostics().errors.exporter).toBe(1);
  });
});

describe("an end-to-end trace exported over OTLP/HTTP", () => {
  // The traced fixture (test/fixtures/traced): notes:add is `traced()`, and inserts a note then
  // reads the table back; the local backend returns its `[convex-lens]` line with the response.
  const TRACED_DIR = join(import.meta.dirname, "../fixtures/traced/convex");
  const notes = {
    add: makeFunctionReference<"mutation", { body: string }, number>("notes:add"),
    count: makeFunctionReference<"query", Record<string, never>, number>("notes:count"),
  };
  let tracedBackend: SpawnedLocalBackend;
  beforeAll(async () => {
    tracedBackend = await startTestBackend({ functionsDir: TRACED_DIR });
  });
  afterAll(async () => {
    await tracedBackend?.stop();
  });

  it("exports exactly the page's span, the call's span and its request's, and the function's execution and database spans, each under its parent", async () => {
    lens = createLens({ devtools: false, retry: false, functions: { "*": { propagate: true } } });
    const setup = setupTracing({
      serviceName: "notes-web",
      otlp: { url: receiver.url, timeoutMs: 5_000 },
      devtools: false,
      lens,
    });
    tracing = setup;
    const client = lens.instrument(
      new ConvexHttpClient(tracedBackend.url, {
        skipConvexDeploymentUrlCheck: true,
        logger: quiet,
      }),
    );
    // The lens loads its reader of traced functions' lines lazily: wait until a call's server
    // spans arrive, then count from a clean slate.
    await eventually(async () => {
      await client.query(notes.count, {});
      await setup.forceFlush();
      expect(spansOf(receiver.requests).some((s) => s.span.kind === 2)).toBe(true);
    });
    receiver.requests.length = 0;
    const before = setup.diagnostics().exportedSpans;

    // The page's own span around the call, as an app's click handler would make.
    const tracer = setup.provider.getTracer("notes-web");
    await tracer.startActiveSpan("add note", async (span) => {
      try {
        await client.mutation(notes.add, { body: "exported" });
      } finally {
        span.end();
      }
    });
    await setup.forceFlush();

    const exported = spansOf(receiver.requests).map((s) => s.span);
    // The page: 1; the call: its INTERNAL span and one CLIENT span for its one request (2); the
    // function: its SERVER execution and one span per database operation, an insert and a query
    // (3). Nothing else, and the exporter's own count agrees.
    expect(exported).toHaveLength(6);
    expect(setup.diagnostics().exportedSpans - before).toBe(6);
    expect(setup.diagnostics()).toMatchObject({ failedBatches: 0, droppedSpans: 0 });

    const one = (where: (span: ISpan) => boolean, what: string) => {
      const found = exported.filter(where);
      expect(found, what).toHaveLength(1);
      return found[0] as ISpan;
    };
    const page = one((s) => s.name === "add note", "the page's span");
    const call = one((s) => s.name === "mutation notes:add" && s.kind === 1, "the call's span");
    const request = one((s) => s.name === "mutation notes:add" && s.kind === 3, "its request");
    const execution = one((s) => s.kind === 2, "the function's execution");
    const database = exported.filter((s) => s.parentSpanId === execution.spanId);

    // One trace, from the page down to the database.
    expect(new Set(exported.map((s) => s.traceId)).size).toBe(1);
    expect(page.parentSpanId).toBeFalsy();
    expect(call.parentSpanId).toBe(page.spanId);
    expect(request.parentSpanId).toBe(call.spanId);
    expect(execution.parentSpanId).toBe(request.spanId);
    expect(execution.name).toBe("mutation notes:add");
    expect(database).toHaveLength(2);
    expect(database.map((s) => attributes(s.attributes)["db.collection.name"])).toEqual([
      "notes",
      "notes",
    ]);
    expect(database.map((s) => s.name).sort()).toEqual(["db.insert notes", "db.query notes"]);
  });
});
