import type { Sampler, SpanProcessor } from "@opentelemetry/sdk-trace-web";
import {
  ANY,
  BOOLEAN,
  check,
  checkOptions,
  numberRule,
  OBJECT,
  optional,
  type Rule,
  typeRule,
} from "../core/optionChecks.js";
import type { ConfigurationError } from "../errors/codeErrors.js";
import { invalidOption } from "../errors/invalidOption.js";
import type { Lens } from "../lens.js";

/** Where and how spans are exported over OTLP/HTTP (JSON), e.g. to an OpenTelemetry Collector. */
export interface OtlpOptions {
  /** The full traces endpoint, e.g. `https://collector.example.com/v1/traces`. http(s) only. */
  url: string;
  /** Sent with every export, e.g. an ingest key. The endpoint must allow them in CORS. */
  headers?: Record<string, string>;
  /** How long one export may take before it counts as failed, in ms (default 10,000). */
  timeoutMs?: number;
  /** Batching: OpenTelemetry's BatchSpanProcessor options. */
  batch?: {
    /** Spans held while the endpoint is slow or down; beyond it new spans are dropped (2,048). */
    maxQueueSize?: number;
    /** Spans per request (512). */
    maxExportBatchSize?: number;
    /** How long spans wait to fill a batch, in ms (5,000). */
    scheduledDelayMs?: number;
  };
}

/** Options of `setupTracing`. `undefined` means the default. */
export interface TracingOptions {
  /** The resource's `service.name`: how your backend lists this app. */
  serviceName: string;
  /** The resource's `service.version`. */
  serviceVersion?: string;
  /** More resource attributes, e.g. `{ "deployment.environment.name": "staging" }`. */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** Export spans over OTLP/HTTP; off when absent. */
  otlp?: OtlpOptions;
  /** Show the page's spans in the Convex Lens DevTools panel. Default: on in development builds. */
  devtools?: boolean;
  /**
   * Export failures are counted in this lens's diagnostics, and logged through its logger module
   * when it has one (once per outage, not per batch).
   */
  lens?: Lens;
  /** OpenTelemetry sampler. Default: parent-based, always on. */
  sampler?: Sampler;
  /** More span processors, after the OTLP and DevTools ones. */
  spanProcessors?: SpanProcessor[];
  /**
   * Register the provider as the global one (default true), so `createLens()` and other
   * instrumentations use it. With `false`, pass `provider` to `createLens({ tracerProvider })`.
   */
  register?: boolean;
}

// Beyond ten minutes, a timeout or delay is surely a unit mistake (seconds for milliseconds…).
const MAX_MS = 600_000;
const MS = /* @__PURE__ */ optional(numberRule(1, MAX_MS, true));
const MAYBE_BOOLEAN = /* @__PURE__ */ optional(BOOLEAN);
const STRING = /* @__PURE__ */ typeRule("string");
const ATTRIBUTE: Rule = {
  what: "a string, number or boolean",
  test: (v) => ["string", "number", "boolean"].includes(typeof v),
};
const PROCESSOR: Rule = {
  what: "an OpenTelemetry SpanProcessor",
  test: (v) =>
    typeof (v as SpanProcessor | undefined)?.onEnd === "function" &&
    typeof (v as SpanProcessor).shutdown === "function",
};
// Each group's options, in the order they are checked; ANY marks one checked on its own below.
const RULES = {
  serviceName: {
    what: "a non-empty string",
    test: (v: unknown) => typeof v === "string" && v.trim() !== "",
  },
  serviceVersion: /* @__PURE__ */ optional(STRING),
  resourceAttributes: ANY,
  otlp: ANY,
  devtools: MAYBE_BOOLEAN,
  lens: /* @__PURE__ */ optional({
    what: "a lens from createLens()",
    // What setupTracing needs is the diagnostics every lens has (failures are logged only when a
    // logger module is there).
    test: (v) => OBJECT.test(v) && typeof (v as Lens).recordDiagnostic === "function",
  }),
  sampler: /* @__PURE__ */ optional({
    what: "an OpenTelemetry Sampler",
    test: (v) => typeof (v as Sampler | undefined)?.shouldSample === "function",
  }),
  spanProcessors: /* @__PURE__ */ optional({ what: "an array", test: Array.isArray }),
  register: MAYBE_BOOLEAN,
};
const OTLP = {
  url: {
    what: 'an absolute http(s) URL such as "http://localhost:4318/v1/traces"',
    test: (v: unknown) => {
      try {
        return typeof v === "string" && /^https?:$/.test(new URL(v).protocol);
      } catch {
        return false;
      }
    },
  },
  headers: ANY,
  timeoutMs: MS,
  batch: ANY,
};
const BATCH = {
  // A queue this large would hold hundreds of MB of spans while an endpoint is down.
  maxQueueSize: /* @__PURE__ */ optional(numberRule(1, 100_000, true)),
  maxExportBatchSize: ANY,
  scheduledDelayMs: MS,
};

/** The CONFIGURATION error for one bad option, named the way the caller wrote it. */
export function tracingOptionError(option: string, why: string): ConfigurationError {
  return invalidOption("setupTracing", `${option} ${why}`);
}

/**
 * Validates `setupTracing` options, so a mistake fails at startup with a CONFIGURATION error
 * naming the option, not later as spans that silently never arrive.
 */
export function validateTracingOptions(options: TracingOptions): void {
  try {
    checkOptions(options, "", RULES);
    checkEntries(options.resourceAttributes, "resourceAttributes", ATTRIBUTE);
    options.spanProcessors?.forEach((processor, i) => {
      check(processor, `spanProcessors[${i}]`, PROCESSOR);
    });
    const otlp = options.otlp;
    if (otlp !== undefined) {
      checkOptions(otlp, "otlp", OTLP, { what: "an object with a url", test: OBJECT.test });
      checkEntries(otlp.headers, "otlp.headers", STRING);
      const batch = otlp.batch;
      if (batch !== undefined) {
        checkOptions(batch, "otlp.batch", BATCH);
        const most = numberRule(1, batch.maxQueueSize ?? 2048, true);
        check(batch.maxExportBatchSize, "otlp.batch.maxExportBatchSize", optional(most));
      }
    }
  } catch (error) {
    throw invalidOption("setupTracing", error);
  }
}

// Checks that `value`, when given, is an object whose every entry meets `rule`.
function checkEntries(value: object | undefined, path: string, rule: Rule): void {
  if (value === undefined) return;
  check(value, path, OBJECT);
  for (const [key, entry] of Object.entries(value)) check(entry, `${path}.${key}`, rule);
}
