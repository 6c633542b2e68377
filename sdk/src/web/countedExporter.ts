import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-web";

// ExportResultCode of @opentelemetry/core (src/ExportResult.ts): SUCCESS = 0, FAILED = 1. Written
// out so that /web needs no direct dependency on @opentelemetry/core.
const SUCCESS = 0;
const FAILED = 1;

/** How the OTLP export has fared; a down, slow or failing endpoint shows up here, not in the app. */
export interface ExportDiagnostics {
  /** Batches handed to the exporter. */
  readonly batches: number;
  /** Spans in batches the endpoint accepted. */
  readonly exportedSpans: number;
  /** Batches that failed (refused, timed out, an error status), after the exporter's own retries. */
  readonly failedBatches: number;
  /** Spans dropped with those batches. */
  readonly droppedSpans: number;
  /** Whether the last finished export failed: the endpoint is (still) unwell. */
  readonly failing: boolean;
  /** The most recent failure, for a first clue. */
  readonly last?: { readonly message: string; readonly at: number };
}

/** Told when exports start failing and when they recover: edges only, never once per batch. */
export type ExportEdgeListener = (failing: boolean, diagnostics: ExportDiagnostics) => void;

/** A span exporter that counts what its inner exporter achieved. */
export interface CountedExporter extends SpanExporter {
  diagnostics(): ExportDiagnostics;
}

/**
 * The exporter `load` resolves to (a dynamic `import()`, so that an app that never sets `otlp` does
 * not download the OTLP exporter), counting its successes and failures. Loading starts at once;
 * batches that arrive before it finishes wait for it, bounded by the BatchSpanProcessor in front,
 * which holds at most `maxQueueSize` spans and sends one batch at a time. The BatchSpanProcessor
 * drops a failed batch and only reports it to OpenTelemetry's global error handler, which logs
 * nothing by default; these counters are how an app (or `lens.logger`) learns its spans are not
 * arriving. An exporter that cannot be loaded fails every batch; a throwing one is turned into a
 * failed result, never an exception in the processor.
 */
export function countedExporter(
  load: () => Promise<SpanExporter>,
  onEdge?: ExportEdgeListener,
  onFailure?: (error: unknown) => void,
): CountedExporter {
  const loading = load();
  // Mark the rejection handled here; each use below still sees it.
  loading.catch(() => undefined);
  let batches = 0;
  let exportedSpans = 0;
  let failedBatches = 0;
  let droppedSpans = 0;
  let failing = false;
  let last: ExportDiagnostics["last"];
  const diagnostics = (): ExportDiagnostics => ({
    batches,
    exportedSpans,
    failedBatches,
    droppedSpans,
    failing,
    ...(last ? { last } : {}),
  });
  const settle = (count: number, error: unknown): void => {
    const failed = error !== undefined;
    if (failed) {
      failedBatches++;
      droppedSpans += count;
      last = { message: describe(error), at: Date.now() };
      try {
        onFailure?.(error);
      } catch {
        // Counting a failure must never fail the processor.
      }
    } else {
      exportedSpans += count;
    }
    if (failed === failing) return;
    failing = failed;
    try {
      onEdge?.(failing, diagnostics());
    } catch {
      // A throwing listener must not turn a counted failure into a broken processor.
    }
  };
  return {
    export(spans: ReadableSpan[], resultCallback) {
      batches++;
      let settled = false;
      const done: typeof resultCallback = (result) => {
        if (settled) return;
        settled = true;
        settle(
          spans.length,
          result.code === SUCCESS ? undefined : (result.error ?? new Error("export failed")),
        );
        resultCallback(result);
      };
      // One handler for an exporter that failed to load and one that threw.
      loading
        .then((inner) => inner.export(spans, done))
        .catch((error: unknown) =>
          done({
            code: FAILED,
            error: error instanceof Error ? error : new Error(describe(error)),
          }),
        );
    },
    shutdown: () =>
      loading.then(
        (inner) => inner.shutdown(),
        () => undefined,
      ),
    forceFlush: () =>
      loading.then(
        (inner) => inner.forceFlush?.(),
        () => undefined,
      ),
    diagnostics,
  };
}

function describe(error: unknown): string {
  try {
    // OTLPExporterError carries the HTTP status as `code` (otlp-exporter-base/src/types.ts).
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    const status = typeof code === "number" ? ` (HTTP ${code})` : "";
    const text =
      error instanceof Error ? `${error.name}: ${error.message}${status}` : String(error);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return "unprintable error";
  }
}
