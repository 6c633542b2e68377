// Call overhead on the success path with an in-process, zero-latency transport: the CPU the SDK adds
// per call, against the raw client and against peers doing similar wrapping (cockatiel retry +
// breaker with a hand-made OTel span; opossum).
import { createLens } from "@convex-lens/sdk";
import { SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import {
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  wrap,
} from "cockatiel";
import { makeFunctionReference } from "convex/server";
import CircuitBreaker from "opossum";
import { scriptedClient } from "../../sdk/src/instrument/test-support/scriptedClient.js";
import { interleaved, type Measurement, report } from "./harness.js";

const list = makeFunctionReference<"query">("messages:list");
const CASE = "query, in-process zero-latency transport";

/** An exporter that drops everything: the cost measured is the SDK's and the processor's. */
const dropExporter: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
  shutdown: async () => {},
};
const batchProvider = () =>
  new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropExporter)] });

function handMadeSpan<T>(tracer: Tracer, run: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan("query messages:list", {
    attributes: {
      "rpc.system.name": "convex",
      "rpc.method": "messages:list",
      "convex.function.kind": "query",
    },
  });
  return run().then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw error;
    },
  );
}

const options = { keepSent: false };
const raw = scriptedClient(() => 1, undefined, options);
const lensNoop = scriptedClient(() => 1, undefined, options);
createLens({ devtools: false }).instrument(lensNoop.client);
const lensBatch = scriptedClient(() => 1, undefined, options);
createLens({ devtools: false, tracerProvider: batchProvider() }).instrument(lensBatch.client);

const cockatielPolicy = wrap(
  retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
  circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
);
const noopTracer = trace.getTracer("bench");
const batchTracer = batchProvider().getTracer("bench");
const opossumDefault = new CircuitBreaker(() => raw.client.query(list, {}));
const opossumNoTimeout = new CircuitBreaker(() => raw.client.query(list, {}), { timeout: false });

const results = await interleaved(
  {
    "raw client": () => raw.client.query(list, {}),
    "lens, no-op tracer": () => lensNoop.client.query(list, {}),
    "lens, BatchSpanProcessor": () => lensBatch.client.query(list, {}),
    "cockatiel retry+breaker, OTel no-op span": () =>
      handMadeSpan(noopTracer, () => cockatielPolicy.execute(() => raw.client.query(list, {}))),
    "cockatiel retry+breaker, OTel BatchSpanProcessor span": () =>
      handMadeSpan(batchTracer, () => cockatielPolicy.execute(() => raw.client.query(list, {}))),
    "opossum (default 10 s timeout)": () => opossumDefault.fire(),
    "opossum (timeout: false)": () => opossumNoTimeout.fire(),
  },
  { rounds: 15, iterations: 20_000, warmup: 20_000 },
);

const base = results["raw client"]!;
const measurements: Measurement[] = [];
for (const [variant, nsPerCall] of Object.entries(results)) {
  measurements.push({ case: CASE, variant, metric: "ns/call", unit: "ns", value: nsPerCall });
  if (variant !== "raw client") {
    measurements.push({
      case: CASE,
      variant,
      metric: "overhead",
      unit: "ns",
      value: nsPerCall - base,
      baseline: "raw client",
    });
  }
}
report("overhead-inprocess", measurements);
process.exit(0);
