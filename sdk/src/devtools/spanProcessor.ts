import { RPC_SYSTEM_CONVEX } from "../telemetry/semconv.js";
import { SDK_NAME } from "../version.js";

/**
 * The part of `@opentelemetry/sdk-trace-base`'s `ReadableSpan` the bridge reads, written out so
 * the SDK never imports an OpenTelemetry SDK package at runtime. Covers 1.x (`parentSpanId`,
 * `instrumentationLibrary`) and 2.x (`parentSpanContext`, `instrumentationScope`).
 */
export interface ReadableSpanLike {
  readonly name: string;
  /** `SpanKind`: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  readonly kind: number;
  spanContext(): { traceId: string; spanId: string };
  readonly parentSpanContext?: { spanId: string } | undefined;
  readonly parentSpanId?: string | undefined;
  /** `HrTime` since the epoch: [seconds, nanoseconds]. */
  readonly startTime: readonly [number, number];
  readonly duration: readonly [number, number];
  /** `SpanStatusCode`: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message?: string | undefined };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly {
    readonly name: string;
    readonly time: readonly [number, number];
    readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  }[];
  readonly instrumentationScope?: { readonly name: string } | undefined;
  readonly instrumentationLibrary?: { readonly name: string } | undefined;
}

/** Structurally an OpenTelemetry `SpanProcessor`, so `WebTracerProvider` accepts it. */
export interface DevtoolsSpanProcessor {
  onStart(span: unknown, parentContext: unknown): void;
  onEnd(span: ReadableSpanLike): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Where the processor hands spans: a DevTools bridge. */
export interface SpanSink {
  recordSpan(span: ReadableSpanLike): void;
}

/**
 * A span processor that shows the page's other spans (fetches, the app's own) in the panel's
 * waterfall beside the Convex calls. The SDK's own spans are skipped: the panel gets those as
 * call records, which exist with or without an OpenTelemetry SDK.
 *
 * `sinks` says where spans go; by default, to every live bridge in this page, so `setupTracing`
 * can add the processor before or after `createLens`. Recording only stores a reference (see
 * EventHistory); nothing is serialised unless a panel is open. A throw never reaches the tracer.
 */
export function createDevtoolsSpanProcessor(
  sinks: () => Iterable<SpanSink> = liveSinks,
): DevtoolsSpanProcessor {
  let stopped = false;
  return {
    onStart() {},
    onEnd(span) {
      if (stopped) return;
      try {
        if (isConvexSpan(span)) return;
        for (const sink of sinks()) sink.recordSpan(span);
      } catch {
        // A broken span object must not break the app's tracer; the bridge counts its own errors.
      }
    },
    forceFlush: () => Promise.resolve(),
    shutdown() {
      stopped = true;
      return Promise.resolve();
    },
  };
}

function isConvexSpan(span: ReadableSpanLike): boolean {
  const scope = span.instrumentationScope?.name ?? span.instrumentationLibrary?.name;
  return scope === SDK_NAME || span.attributes["rpc.system.name"] === RPC_SYSTEM_CONVEX;
}

const sinks = new Set<SpanSink>();

/** Makes a bridge a default destination of span processors; returns the function that removes it. */
export function registerSpanSink(sink: SpanSink): () => void {
  sinks.add(sink);
  return () => {
    sinks.delete(sink);
  };
}

function liveSinks(): Iterable<SpanSink> {
  return sinks;
}
