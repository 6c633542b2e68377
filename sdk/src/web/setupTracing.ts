import { trace } from "@opentelemetry/api";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  type SpanProcessor,
  WebTracerProvider,
} from "@opentelemetry/sdk-trace-web";
import { isDevelopmentBuild } from "../core/buildMode.js";
import { createDevtoolsSpanProcessor } from "../devtools/spanProcessor.js";
import type { Lens } from "../lens.js";
import type { LoggerApi } from "../modules/logger.js";
import {
  type CountedExporter,
  countedExporter,
  type ExportDiagnostics,
} from "./countedExporter.js";
import {
  type TracingOptions,
  tracingOptionError,
  validateTracingOptions,
} from "./tracingOptions.js";

// Resource semantic conventions (@opentelemetry/semantic-conventions ATTR_SERVICE_NAME/VERSION),
// written out so /web needs no further package.
const ATTR_SERVICE_NAME = "service.name";
const ATTR_SERVICE_VERSION = "service.version";
const PROBE_TRACER = "@convex-lens/sdk/web";

/** What `setupTracing` returns. */
export interface TracingSetup {
  /** The provider; give it to `createLens({ tracerProvider })` when `register` is false. */
  readonly provider: WebTracerProvider;
  /** How OTLP export has fared (all zero without `otlp`). */
  diagnostics(): ExportDiagnostics;
  /** Exports what is queued now. Never rejects: failures are counted in `diagnostics()`. */
  forceFlush(): Promise<void>;
  /** Flushes, stops the processors and unregisters the global provider. Never rejects; idempotent. */
  shutdown(): Promise<void>;
}

/** The ProxyTracerProvider the API hands out (api/src/trace/ProxyTracerProvider.ts). */
interface ProxyLike {
  getDelegateTracer?(name: string): unknown;
  getDelegate?(): unknown;
}

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

// Whether this module installed the context manager and propagator already: the API refuses a
// second registration (with a diag error), and shutdown leaves them in place, as they hold no spans.
let contextInstalled = false;

/**
 * Registers a `WebTracerProvider` in one call: the resource's `service.name`, a batching OTLP/HTTP
 * exporter when `otlp` is given (loaded with a dynamic `import()`; spans that end meanwhile wait in
 * the batch processor's bounded queue), the DevTools span processor, and the global registration
 * that `createLens()` picks up (before or after this call). For apps with no provider yet; an app that
 * has one adds `createDevtoolsSpanProcessor()` and its exporter to it instead.
 *
 * A bad option, or a global provider that is already registered, throws a CONFIGURATION error.
 * Once running, nothing here can break the app: an OTLP endpoint that is down, slow or answers
 * 500 makes the batch processor drop spans (its queue is bounded), and the failures are counted
 * in `diagnostics()` and logged once per outage through `lens.logger`.
 */
export function setupTracing(options: TracingOptions): TracingSetup {
  validateTracingOptions(options);
  const register = options.register ?? true;
  if (register && globalProviderRegistered()) {
    throw tracingOptionError(
      "register",
      `is true, but a global tracer provider is already registered${registeredAdvice()}`,
    );
  }
  const processors: SpanProcessor[] = [];
  const { otlp, lens } = options;
  let exporter: CountedExporter | undefined;
  if (otlp) {
    exporter = countedExporter(
      // Loaded only when asked for, so that apps without `otlp` never download it.
      async () => {
        const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
        return new OTLPTraceExporter({
          url: otlp.url,
          ...(otlp.headers ? { headers: { ...otlp.headers } } : {}),
          ...(otlp.timeoutMs ? { timeoutMillis: otlp.timeoutMs } : {}),
        });
      },
      lens && logEdges(lens, otlp.url),
      // Every failed export is counted in `lens.diagnostics()` too (source "exporter").
      lens && ((error) => lens.recordDiagnostic("exporter", error)),
    );
    const batch = otlp.batch ?? {};
    processors.push(
      new BatchSpanProcessor(exporter, {
        ...(batch.maxQueueSize ? { maxQueueSize: batch.maxQueueSize } : {}),
        ...(batch.maxExportBatchSize ? { maxExportBatchSize: batch.maxExportBatchSize } : {}),
        ...(batch.scheduledDelayMs ? { scheduledDelayMillis: batch.scheduledDelayMs } : {}),
      }),
    );
  }
  if (options.devtools ?? isDevelopmentBuild()) processors.push(createDevtoolsSpanProcessor());
  processors.push(...(options.spanProcessors ?? []));

  const provider = new WebTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        ...options.resourceAttributes,
        [ATTR_SERVICE_NAME]: options.serviceName,
        ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      }),
    ),
    spanProcessors: processors,
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  if (register) {
    provider.register(contextInstalled ? { contextManager: null, propagator: null } : {});
    contextInstalled = true;
  }

  const quietly = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch {
      // A failed flush is a failed export: the counted exporter has already recorded it.
    }
  };
  let stopped: Promise<void> | undefined;
  return {
    provider,
    diagnostics: () => exporter?.diagnostics() ?? emptyDiagnostics,
    forceFlush: () => quietly(() => provider.forceFlush()),
    shutdown() {
      stopped ??= (async () => {
        // Unregister first, so spans started from now on go nowhere instead of into a closing queue.
        if (register && (trace.getTracerProvider() as ProxyLike).getDelegate?.() === provider) {
          trace.disable();
        }
        await quietly(() => provider.shutdown());
      })();
      return stopped;
    },
  };
}

const emptyDiagnostics: ExportDiagnostics = Object.freeze({
  batches: 0,
  exportedSpans: 0,
  failedBatches: 0,
  droppedSpans: 0,
  failing: false,
});

/**
 * Whether some provider is already the global one. The API always hands out a ProxyTracerProvider,
 * which has a delegate only once a provider was registered; without the probe method (another API
 * copy's shape), assume one is, rather than silently stealing its spans.
 */
function globalProviderRegistered(): boolean {
  const current = trace.getTracerProvider() as ProxyLike;
  return typeof current.getDelegateTracer === "function"
    ? current.getDelegateTracer(PROBE_TRACER) !== undefined
    : true;
}

// What to do instead, for the developer who meets the refusal. Development builds only: a
// production build still names the option and the reason, and the advice would be dead weight there.
function registeredAdvice(): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      return ". Add createDevtoolsSpanProcessor() and your exporter to that provider, or pass register: false";
    }
  } catch {
    // No \`process\` at all (an unbundled script): no advice.
  }
  return "";
}

function logEdges(lens: Lens, url: string) {
  const where = endpointOf(url);
  // Written through the lens's logger module when it has one; counted in diagnostics either way.
  const { logger } = lens as Partial<LoggerApi>;
  return (failing: boolean, diagnostics: ExportDiagnostics): void => {
    if (failing) {
      logger?.warn(
        `OTLP export to ${where} is failing (${diagnostics.last?.message ?? "unknown error"}); spans are dropped until it recovers. The app is unaffected.`,
      );
    } else {
      logger?.info(`OTLP export to ${where} recovered.`);
    }
  };
}

// Origin and path only: a query string may carry a key.
function endpointOf(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}
