import type { Sampler, SpanProcessor } from "@opentelemetry/sdk-trace-web";
import { unknownKey } from "../core/optionChecks.js";
import { ConfigurationError } from "../errors/codeErrors.js";
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

const KEYS = new Set([
  "serviceName",
  "serviceVersion",
  "resourceAttributes",
  "otlp",
  "devtools",
  "lens",
  "sampler",
  "spanProcessors",
  "register",
]);
const OTLP_KEYS = new Set(["url", "headers", "timeoutMs", "batch"]);
const BATCH_KEYS = new Set(["maxQueueSize", "maxExportBatchSize", "scheduledDelayMs"]);
// Beyond ten minutes, a timeout or delay is surely a unit mistake (seconds for milliseconds…).
const MAX_MS = 600_000;
// A queue this large would hold hundreds of MB of spans while an endpoint is down.
const MAX_QUEUE = 100_000;

/** The CONFIGURATION error for one bad option, named the way the caller wrote it. */
export function tracingOptionError(option: string, why: string): ConfigurationError {
  return new ConfigurationError({ message: `Invalid setupTracing option: ${option} ${why}.` });
}

/**
 * Validates `setupTracing` options, so a mistake fails at startup with a CONFIGURATION error
 * naming the option, not later as spans that silently never arrive.
 */
export function validateTracingOptions(options: TracingOptions): void {
  if (!isObject(options)) throw tracingOptionError("options", "must be an object");
  checkKeys(options, KEYS, "");
  if (typeof options.serviceName !== "string" || options.serviceName.trim() === "") {
    throw tracingOptionError("serviceName", "must be a non-empty string");
  }
  if (options.serviceVersion !== undefined && typeof options.serviceVersion !== "string") {
    throw tracingOptionError("serviceVersion", "must be a string");
  }
  if (options.resourceAttributes !== undefined) {
    if (!isObject(options.resourceAttributes)) {
      throw tracingOptionError("resourceAttributes", "must be an object");
    }
    for (const [key, value] of Object.entries(options.resourceAttributes)) {
      if (!["string", "number", "boolean"].includes(typeof value)) {
        throw tracingOptionError(
          `resourceAttributes.${key}`,
          "must be a string, number or boolean",
        );
      }
    }
  }
  if (options.otlp !== undefined) validateOtlp(options.otlp);
  for (const flag of ["devtools", "register"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
      throw tracingOptionError(flag, "must be true or false");
    }
  }
  // A lens of the composable core has no logger unless logger() is in `use`: what setupTracing
  // needs is the diagnostics every lens has (failures are logged only when a logger is there).
  const lens: unknown = options.lens;
  if (lens !== undefined && !(isObject(lens) && typeof lens.recordDiagnostic === "function")) {
    throw tracingOptionError("lens", "must be a lens from createLens()");
  }
  if (options.sampler !== undefined && typeof options.sampler?.shouldSample !== "function") {
    throw tracingOptionError("sampler", "must be an OpenTelemetry Sampler (with shouldSample)");
  }
  if (options.spanProcessors !== undefined) {
    if (!Array.isArray(options.spanProcessors)) {
      throw tracingOptionError("spanProcessors", "must be an array");
    }
    options.spanProcessors.forEach((processor, i) => {
      if (typeof processor?.onEnd !== "function" || typeof processor.shutdown !== "function") {
        throw tracingOptionError(`spanProcessors[${i}]`, "must be an OpenTelemetry SpanProcessor");
      }
    });
  }
}

function validateOtlp(otlp: OtlpOptions): void {
  if (!isObject(otlp)) throw tracingOptionError("otlp", "must be an object with a url");
  checkKeys(otlp, OTLP_KEYS, "otlp.");
  let url: URL | undefined;
  try {
    url = typeof otlp.url === "string" ? new URL(otlp.url) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw tracingOptionError(
      "otlp.url",
      `must be an absolute http(s) URL such as "http://localhost:4318/v1/traces", got ${JSON.stringify(otlp.url)}`,
    );
  }
  if (otlp.headers !== undefined) {
    if (!isObject(otlp.headers)) throw tracingOptionError("otlp.headers", "must be an object");
    for (const [name, value] of Object.entries(otlp.headers)) {
      if (typeof value !== "string") {
        throw tracingOptionError(`otlp.headers.${name}`, "must be a string");
      }
    }
  }
  if (otlp.timeoutMs !== undefined) positive("otlp.timeoutMs", otlp.timeoutMs, MAX_MS);
  if (otlp.batch !== undefined) {
    if (!isObject(otlp.batch)) throw tracingOptionError("otlp.batch", "must be an object");
    checkKeys(otlp.batch, BATCH_KEYS, "otlp.batch.");
    const { maxQueueSize, maxExportBatchSize, scheduledDelayMs } = otlp.batch;
    if (maxQueueSize !== undefined) positive("otlp.batch.maxQueueSize", maxQueueSize, MAX_QUEUE);
    if (maxExportBatchSize !== undefined) {
      positive("otlp.batch.maxExportBatchSize", maxExportBatchSize, maxQueueSize ?? 2048);
    }
    if (scheduledDelayMs !== undefined) {
      positive("otlp.batch.scheduledDelayMs", scheduledDelayMs, MAX_MS);
    }
  }
}

function positive(option: string, value: unknown, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw tracingOptionError(option, `must be an integer from 1 to ${max}, got ${String(value)}`);
  }
}

function checkKeys(value: object, known: ReadonlySet<string>, prefix: string): void {
  const why = unknownKey(value, known, prefix);
  if (why !== undefined) {
    throw new ConfigurationError({ message: `Invalid setupTracing option: ${why}.` });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
