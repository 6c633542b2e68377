import { join } from "node:path";
import { type CallRecord, createLens, type Lens } from "@convex-lens/sdk";
import { SpanKind } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

// Issue 18 §2 against the local backend, which runs the fixture's functions (test/fixtures/traced)
// through convex-test and returns their log lines with each call, as a dev deployment does.

const TRACED_DIR = join(import.meta.dirname, "../fixtures/traced/convex");
const notes = {
  add: makeFunctionReference<"mutation", { body: string }, number>("notes:add"),
  count: makeFunctionReference<"query", Record<string, never>, number>("notes:count"),
  addPlain: makeFunctionReference<"mutation", { body: string }, number>("notes:addPlain"),
  countPlain: makeFunctionReference<"query", Record<string, never>, number>("notes:countPlain"),
};

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  backend = await startTestBackend({ functionsDir: TRACED_DIR });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

function propagatingLens() {
  const tracing = memoryTracing();
  const records: CallRecord[] = [];
  lens = createLens({
    functions: { "*": { propagate: true } },
    tracerProvider: tracing.provider,
    devtools: false,
  });
  lens.onCall((record) => records.push(record));
  return { lens, tracing, records };
}

function webSocketClient(current: Lens) {
  // The client's default logger: the SDK reads server lines through its line listener.
  const raw = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  closers.push(() => raw.close());
  return current.instrument(raw);
}

function httpClient(current: Lens) {
  return current.instrument(
    new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
  );
}

/**
 * Waits until the lens's end-to-end tracing chunk has loaded (a dynamic import made when the lens
 * is created): calls made before it go without the trace argument.
 */
async function tracingLoaded(current: Lens, tracing: ReturnType<typeof memoryTracing>) {
  const http = httpClient(current);
  await eventually(async () => {
    await http.query(notes.count, {});
    expect(tracing.spans().some((s) => s.kind === SpanKind.SERVER)).toBe(true);
  });
  tracing.reset();
}

/** The traced function's spans, under the attempt span of the call named `name`. */
function serverTree(spans: ReadableSpan[], name: string) {
  const attempt = spans.find((s) => s.name === name && s.kind === SpanKind.CLIENT);
  const execution = spans.find(
    (s) =>
      s.kind === SpanKind.SERVER && s.parentSpanContext?.spanId === attempt?.spanContext().spanId,
  );
  const children = spans.filter(
    (s) => s.parentSpanContext?.spanId === execution?.spanContext().spanId,
  );
  return { attempt, execution, children };
}

const ms = (time: [number, number]) => time[0] * 1_000 + time[1] / 1e6;

describe("end-to-end traces against the local backend", () => {
  it("report a traced mutation's execution and database spans under the attempt that sent it", async () => {
    const { lens: current, tracing, records } = propagatingLens();
    const client = webSocketClient(current);
    await tracingLoaded(current, tracing);
    await expect(client.mutation(notes.add, { body: "hello" })).resolves.toEqual(
      expect.any(Number),
    );
    await eventually(() => expect(records.some((r) => r.name === "mutation notes:add")).toBe(true));
    const { attempt, execution, children } = serverTree(tracing.spans(), "mutation notes:add");
    expect(execution?.name).toBe("mutation notes:add");
    expect(execution?.spanContext().traceId).toBe(attempt?.spanContext().traceId);
    expect(children.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringContaining("insert"), expect.stringContaining("notes")]),
    );
    // Placed inside the attempt, children inside the execution.
    expect(ms(execution!.startTime)).toBeGreaterThanOrEqual(ms(attempt!.startTime) - 1);
    expect(ms(execution!.endTime)).toBeLessThanOrEqual(ms(attempt!.endTime) + 1);
    for (const child of children) {
      expect(ms(child.startTime)).toBeGreaterThanOrEqual(ms(execution!.startTime) - 1);
      expect(ms(child.endTime)).toBeLessThanOrEqual(ms(execution!.endTime) + 1);
    }
    // The panel's record: the same spans, and no `[convex-lens]` line among the log events.
    const record = records.find((r) => r.name === "mutation notes:add");
    expect(record?.serverSpans?.[0]?.name).toBe("mutation notes:add");
    expect(record?.serverSpans?.length).toBe(1 + children.length);
    expect(JSON.stringify(record?.events ?? [])).not.toContain("[convex-lens]");
  });

  it("report a traced query called over HTTP from its own response's log lines", async () => {
    const { lens: current, tracing } = propagatingLens();
    const client = httpClient(current);
    await tracingLoaded(current, tracing);
    await client.query(notes.count, {});
    const { execution, children } = serverTree(tracing.spans(), "query notes:count");
    expect(execution?.name).toBe("query notes:count");
    expect(children.length).toBeGreaterThan(0);
  });

  it("still run an unwrapped mutation, over WebSocket and HTTP, when every function propagates", async () => {
    const { lens: current, tracing } = propagatingLens();
    const ws = webSocketClient(current);
    const http = httpClient(current);
    await tracingLoaded(current, tracing);
    const before = await http.query(notes.countPlain, {});
    await expect(ws.mutation(notes.addPlain, { body: "a" })).resolves.toBe(before + 1);
    await expect(ws.mutation(notes.addPlain, { body: "b" })).resolves.toBe(before + 2);
    await expect(http.mutation(notes.addPlain, { body: "c" })).resolves.toBe(before + 3);
    await expect(http.query(notes.countPlain, {})).resolves.toBe(before + 3);
    // No server spans where no function was traced, and no failed call.
    expect(tracing.spans().filter((s) => s.kind === SpanKind.SERVER)).toEqual([]);
    expect(tracing.spans().filter((s) => s.status.code === 2)).toEqual([]);
  });
});
