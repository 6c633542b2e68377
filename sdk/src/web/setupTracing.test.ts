import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-web";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { type ReadableSpanLike, registerSpanSink } from "../devtools/spanProcessor.js";
import { ErrorCode } from "../errors/errorCode.js";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens, type Lens } from "../lens.js";
import { logger } from "../modules/logger.js";
import type { LogRecord } from "../telemetry/logger.js";
import { setupTracing, type TracingSetup } from "./setupTracing.js";

const list = makeFunctionReference<"query">("messages:list");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  trace.disable();
});

function memory() {
  const exporter = new InMemorySpanExporter();
  return { exporter, processor: new SimpleSpanProcessor(exporter) };
}

function tracked(setup: TracingSetup): TracingSetup {
  cleanups.push(() => setup.shutdown());
  return setup;
}

/** A local port on which nothing listens: connections to it are refused. */
async function refusingPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

function lensWith(options: Parameters<typeof createLens>[0] = {}): Lens {
  const lens = createLens({ devtools: false, retry: false, ...options });
  cleanups.push(() => lens.shutdown());
  return lens;
}

describe("setupTracing", () => {
  it("registers the provider globally, so a lens created before it traces into it", async () => {
    const lens = lensWith();
    const { exporter, processor } = memory();
    tracked(
      setupTracing({ serviceName: "shop-web", devtools: false, spanProcessors: [processor] }),
    );
    const { client } = scriptedClient(() => "hi");
    lens.instrument(client);
    await client.query(list, {});
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("query messages:list");
    expect(span?.resource.attributes["service.name"]).toBe("shop-web");
    expect(span?.resource.attributes["telemetry.sdk.name"]).toBe("opentelemetry");
  });

  it("takes a lens without the logger module, and counts its export failures in the lens's diagnostics", async () => {
    const port = await refusingPort();

    const lens = lensWith();
    const setup = tracked(
      setupTracing({
        serviceName: "web",
        devtools: false,
        lens,
        otlp: { url: `http://127.0.0.1:${port}/v1/traces`, timeoutMs: 500 },
      }),
    );
    const { client } = scriptedClient(() => 42);
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe(42);
    await expect(setup.forceFlush()).resolves.toBeUndefined();
    expect(setup.diagnostics()).toMatchObject({ failedBatches: 1, failing: true });
    expect(lens.diagnostics().errors.exporter).toBe(1);
  });

  /** The error `setupTracing` throws when a provider is already the global one. */
  function refusalOfSecondProvider(): { code: unknown; message: string } {
    try {
      setupTracing({ serviceName: "shop-web", devtools: false });
    } catch (error) {
      return error as { code: unknown; message: string };
    }
    throw new Error("setupTracing took over the registered provider");
  }

  it("refuses to take over a provider the app already registered, and leaves it working", () => {
    const { exporter, processor } = memory();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [processor] }));
    const { code, message } = refusalOfSecondProvider();
    expect(code).toBe(ErrorCode.CONFIGURATION);
    expect(message).toContain("already registered");
    expect(message).toContain("Add createDevtoolsSpanProcessor() and your exporter");
    trace.getTracer("app").startSpan("still mine").end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["still mine"]);
  });

  it("in a production build still refuses a second provider, without the development advice", () => {
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      trace.setGlobalTracerProvider(new BasicTracerProvider());
      const { code, message } = refusalOfSecondProvider();
      expect(code).toBe(ErrorCode.CONFIGURATION);
      expect(message).toBe(
        "Invalid setupTracing option: register is true, but a global tracer provider is already registered.",
      );
    } finally {
      process.env.NODE_ENV = mode;
    }
  });

  it("with register: false leaves the global alone; the provider works when given to a lens", async () => {
    const { exporter, processor } = memory();
    const setup = tracked(
      setupTracing({
        serviceName: "shop-web",
        devtools: false,
        register: false,
        spanProcessors: [processor],
      }),
    );
    trace.getTracer("app").startSpan("to nowhere").end();
    expect(exporter.getFinishedSpans()).toEqual([]);
    const lens = lensWith({ tracerProvider: setup.provider });
    const { client } = scriptedClient(() => "hi");
    lens.instrument(client);
    await client.query(list, {});
    // The call's INTERNAL span and its request's CLIENT span.
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([
      "query messages:list",
      "query messages:list",
    ]);
  });

  it("shuts down once however often it is asked, and can then be set up again", async () => {
    const first = setupTracing({ serviceName: "one", devtools: false });
    await Promise.all([first.shutdown(), first.shutdown()]);
    const { exporter, processor } = memory();
    tracked(setupTracing({ serviceName: "two", devtools: false, spanProcessors: [processor] }));
    trace.getTracer("app").startSpan("after").end();
    expect(exporter.getFinishedSpans()[0]?.resource.attributes["service.name"]).toBe("two");
  });

  it("feeds the page's own spans to the DevTools panel when devtools is on, not when off", async () => {
    const seen: string[] = [];
    cleanups.push(
      registerSpanSink({ recordSpan: (span: ReadableSpanLike) => seen.push(span.name) }),
    );
    const on = setupTracing({ serviceName: "web", devtools: true });
    trace.getTracer("app").startSpan("GET /api/cart").end();
    await on.shutdown();
    tracked(setupTracing({ serviceName: "web", devtools: false }));
    trace.getTracer("app").startSpan("GET /api/orders").end();
    expect(seen).toEqual(["GET /api/cart"]);
  });

  it("honours the sampler", () => {
    const { exporter, processor } = memory();
    tracked(
      setupTracing({
        serviceName: "web",
        devtools: false,
        sampler: new AlwaysOffSampler(),
        spanProcessors: [processor],
      }),
    );
    trace.getTracer("app").startSpan("sampled out").end();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("counts an export to an endpoint that refuses, logs it through the lens, and never rejects", async () => {
    const port = await refusingPort();

    const logs: LogRecord[] = [];
    const lens = lensWith({ use: [logger({ level: "info", sink: (r) => logs.push(r) })] });
    const setup = tracked(
      setupTracing({
        serviceName: "web",
        devtools: false,
        lens,
        otlp: { url: `http://127.0.0.1:${port}/v1/traces?key=secret`, timeoutMs: 500 },
      }),
    );
    const { client } = scriptedClient(() => 42);
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toBe(42);
    await expect(setup.forceFlush()).resolves.toBeUndefined();
    // One batch of two spans: the call's and its request's.
    expect(setup.diagnostics()).toMatchObject({ failedBatches: 1, droppedSpans: 2, failing: true });
    const warning = logs.find((r) => r.level === "warn");
    expect(warning?.message).toContain(`http://127.0.0.1:${port}/v1/traces is failing`);
    expect(warning?.message).not.toContain("secret");
  });

  it("reports no export at all without otlp", () => {
    const setup = tracked(setupTracing({ serviceName: "web", devtools: false }));
    expect(setup.diagnostics()).toEqual({
      batches: 0,
      exportedSpans: 0,
      failedBatches: 0,
      droppedSpans: 0,
      failing: false,
    });
  });
});
