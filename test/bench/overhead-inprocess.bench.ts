// Call overhead on the success path with an in-process, zero-latency transport: the CPU the SDK adds
// per call, against the raw client and against peers doing similar wrapping (cockatiel retry +
// breaker with a hand-made OTel span, or with the lens's two spans by hand; opossum).
import { createLens } from "@convex-lens/sdk";
import {
  type Attributes,
  context,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
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
import { interleavedRounds, type Measurement, median, report } from "./harness.js";

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

// The lens's span shape (sdk/src/instrument/callTrace.ts, held by spanShape.test.ts and
// lens.test.ts): an INTERNAL span for the call and a CLIENT child per request, active while it is
// sent. The same shape by hand shows what of the lens's cost with a recording tracer is the shape
// itself (two spans, more attributes) rather than the SDK's work. Its names and attributes are
// read from a call the lens itself traced, so the peer cannot drift from what the SDK emits.
interface SpanShape {
  readonly name: string;
  readonly attributes: Attributes;
}

/** The call and request spans of one successful query through a lens, as it recorded them. */
async function lensSpanShape(): Promise<{ call: SpanShape; request: SpanShape }> {
  const exporter = new InMemorySpanExporter();
  const traced = scriptedClient(() => 1, undefined, { keepSent: false });
  createLens({
    devtools: false,
    tracerProvider: new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }),
  }).instrument(traced.client);
  await traced.client.query(list, {});
  const spans = exporter.getFinishedSpans();
  const call = spans.find((span) => span.kind === SpanKind.INTERNAL);
  const request = spans.find((span) => span.kind === SpanKind.CLIENT);
  if (spans.length !== 2 || call === undefined || request === undefined) {
    throw new Error(
      `the lens no longer makes one INTERNAL and one CLIENT span per call (${spans
        .map((span) => `${SpanKind[span.kind]} "${span.name}"`)
        .join(", ")}): make the hand-built peer follow its new shape`,
    );
  }
  return { call, request };
}
const LENS_SPANS = await lensSpanShape();

function lensShapedSpans<T>(tracer: Tracer, run: () => Promise<T>): Promise<T> {
  const parent = context.active();
  const call = tracer.startSpan(
    LENS_SPANS.call.name,
    { kind: SpanKind.INTERNAL, attributes: LENS_SPANS.call.attributes },
    parent,
  );
  const callContext = trace.setSpan(parent, call);
  const request = tracer.startSpan(
    LENS_SPANS.request.name,
    { kind: SpanKind.CLIENT, attributes: LENS_SPANS.request.attributes },
    callContext,
  );
  const end = () => {
    request.end();
    call.end();
  };
  return context.with(trace.setSpan(callContext, request), run).then(
    (value) => {
      end();
      return value;
    },
    (error: unknown) => {
      request.setStatus({ code: SpanStatusCode.ERROR });
      call.setStatus({ code: SpanStatusCode.ERROR });
      end();
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

const LENS_NOOP = "lens, no-op tracer";
const LENS_BATCH = "lens, BatchSpanProcessor";
const PEER_NOOP = "cockatiel retry+breaker, OTel no-op span";
const PEER_BATCH = "cockatiel retry+breaker, OTel BatchSpanProcessor span";
const PEER_SHAPED =
  "cockatiel retry+breaker, lens-shaped spans (INTERNAL + CLIENT), BatchSpanProcessor";

const rounds = await interleavedRounds(
  {
    "raw client": () => raw.client.query(list, {}),
    [LENS_NOOP]: () => lensNoop.client.query(list, {}),
    [LENS_BATCH]: () => lensBatch.client.query(list, {}),
    [PEER_NOOP]: () =>
      handMadeSpan(noopTracer, () => cockatielPolicy.execute(() => raw.client.query(list, {}))),
    [PEER_BATCH]: () =>
      handMadeSpan(batchTracer, () => cockatielPolicy.execute(() => raw.client.query(list, {}))),
    [PEER_SHAPED]: () =>
      lensShapedSpans(batchTracer, () => cockatielPolicy.execute(() => raw.client.query(list, {}))),
    "opossum (default 10 s timeout)": () => opossumDefault.fire(),
    "opossum (timeout: false)": () => opossumNoTimeout.fire(),
  },
  { rounds: 15, iterations: 20_000, warmup: 20_000 },
);

const raws = rounds["raw client"]!;
const base = median(raws);
const measurements: Measurement[] = [];
for (const [variant, perRound] of Object.entries(rounds)) {
  const nsPerCall = median(perRound);
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
// The targets (issue 14 §2) as ratios of overheads, each taken within one round and the median
// over rounds: the load this machine shares drifts between rounds, and hits a round's variants alike.
const overheadRatio = (variant: string, peer: string): number =>
  median(
    raws.map(
      (rawNs, round) => (rounds[variant]![round]! - rawNs) / (rounds[peer]![round]! - rawNs),
    ),
  );
for (const [variant, peer, metric] of [
  [LENS_NOOP, PEER_NOOP, "÷ cockatiel"],
  [LENS_BATCH, PEER_BATCH, "÷ cockatiel"],
  [LENS_BATCH, PEER_SHAPED, "÷ same shape"],
] as const) {
  measurements.push({
    case: CASE,
    variant,
    metric,
    unit: "ratio",
    value: overheadRatio(variant, peer),
    baseline: peer,
  });
}
report("overhead-inprocess", measurements);
process.exit(0);
