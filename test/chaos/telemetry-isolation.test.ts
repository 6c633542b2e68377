import {
  type CreateLensOptions,
  createLens,
  everything,
  type Lens,
  logger,
} from "@convex-lens/sdk";
import type { TracerProvider } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import { startDevtoolsBridge } from "../../sdk/src/devtools/lensDevtoolsHost.js";
import { DEVTOOLS_SOURCE, PAGE_SOURCE, PROTOCOL_VERSION } from "../../sdk/src/devtools/protocol.js";
import { FakePage } from "../../sdk/src/devtools/test-support/fakeDevtoolsHost.js";
import { scriptedClient } from "../../sdk/src/instrument/test-support/scriptedClient.js";

// Telemetry never breaks the app: each piece of telemetry throws, hangs or rejects in turn, and the
// app's calls return exactly what they return without the SDK; each failure is counted in
// lens.diagnostics(). (The OTLP endpoint answering 500, hanging or refusing is covered by
// test/integration/web-otlp.test.ts.)

const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const forbidden = makeFunctionReference<"mutation">("admin:wipe");

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

/** The same script with and without the lens: a read, a write, and an application error. */
async function results(options: CreateLensOptions) {
  const script = ({ path }: { path: string }) => {
    if (path === "admin:wipe") throw new ConvexError({ code: "FORBIDDEN", message: "admins only" });
    return path === "messages:list" ? ["a", "b"] : "id-1";
  };
  const plain = scriptedClient(script);
  lens = createLens({
    devtools: false,
    ...options,
    functions: { "admin:*": { critical: true } },
  });
  const instrumented = lens.instrument(scriptedClient(script).client);
  const run = async (client: typeof plain.client) => [
    await client.query(list, {}),
    await client.mutation(send, { body: "hi" }),
    await client.mutation(forbidden, {}).catch((e: ConvexError<{ code: string }>) => e.data.code),
  ];
  return { expected: await run(plain.client), actual: await run(instrumented), lens };
}

const throwingProcessor = (where: "onStart" | "onEnd"): SpanProcessor => ({
  onStart: () => {
    if (where === "onStart") throw new Error("processor onStart");
  },
  onEnd: () => {
    if (where === "onEnd") throw new Error("processor onEnd");
  },
  forceFlush: async () => {},
  shutdown: async () => {},
});
const exporter = (behaviour: "throws" | "hangs" | "rejects"): SpanExporter => ({
  export(_spans: ReadableSpan[], done) {
    if (behaviour === "throws") throw new Error("exporter down");
    if (behaviour === "rejects") done({ code: 1, error: new Error("export failed") });
    // "hangs": never calls back.
  },
  shutdown: async () => {},
});

describe("telemetry isolation", () => {
  it.each([
    [
      "a tracer whose startSpan throws",
      {
        getTracer: () => ({
          startSpan: () => {
            throw new Error("tracer");
          },
        }),
      },
    ],
    [
      "a span processor that throws in onStart",
      new BasicTracerProvider({ spanProcessors: [throwingProcessor("onStart")] }),
    ],
    [
      "a span processor that throws in onEnd",
      new BasicTracerProvider({ spanProcessors: [throwingProcessor("onEnd")] }),
    ],
  ])("returns the same results with %s, and counts it", async (_name, provider) => {
    const { expected, actual, lens } = await results({
      tracerProvider: provider as TracerProvider,
    });
    expect(actual).toEqual(expected);
    expect(lens.diagnostics().total).toBeGreaterThan(0);
  });

  it.each(["throws", "hangs", "rejects"] as const)(
    "returns the same results when the exporter %s",
    async (behaviour) => {
      const processors = [
        new SimpleSpanProcessor(exporter(behaviour)),
        new BatchSpanProcessor(exporter(behaviour), { scheduledDelayMillis: 1 }),
      ];
      const { expected, actual } = await results({
        tracerProvider: new BasicTracerProvider({ spanProcessors: processors }),
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(actual).toEqual(expected);
    },
  );

  it("returns the same results when the logger's sink throws, and counts it", async () => {
    const { expected, actual, lens } = await results({
      use: [
        logger({
          level: "debug",
          sink: () => {
            throw new Error("log sink");
          },
        }),
      ],
    });
    expect(actual).toEqual(expected);
    expect(lens.diagnostics().errors.logger).toBeGreaterThan(0);
  });

  it("returns the same results when onHealthChange and onAlert callbacks throw or reject", async () => {
    const script = () => {
      throw new ConvexError({ code: "FORBIDDEN" });
    };
    const full = createLens({
      devtools: false,
      functions: { "admin:*": { critical: true } },
      use: everything(),
    });
    lens = full;
    full.onAlert(() => {
      throw new Error("alert callback");
    });
    full.onAlert(async () => {
      throw new Error("async alert callback");
    });
    full.onHealthChange(() => {
      throw new Error("health callback");
    });
    const client = lens.instrument(scriptedClient(script).client);
    const error = await client.mutation(forbidden, {}).catch((e: unknown) => e);
    expect((error as ConvexError<{ code: string }>).data.code).toBe("FORBIDDEN");
    await new Promise((r) => setTimeout(r, 0));
    expect(lens.diagnostics().errors.listener).toBeGreaterThanOrEqual(1);
  });

  it("returns the same results when the DevTools bridge's postMessage throws, and counts it", async () => {
    lens = createLens({ devtools: false });
    const page = new FakePage();
    page.refuse = () => true;
    let reported = 0;
    const bridge = startDevtoolsBridge(lens, true, () => reported++, page);
    expect(bridge).not.toBeNull();
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" });
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    for (let i = 0; i < 5; i++) await expect(client.query(list, {})).resolves.toBe("ok");
    await new Promise((r) => setTimeout(r, 250));
    expect(bridge!.stats().postFailures).toBeGreaterThan(0);
    expect(page.posted.filter((m) => m.source === PAGE_SOURCE)).toEqual([]);
    expect(reported).toBeGreaterThan(0);
    bridge!.dispose();
  });
});
