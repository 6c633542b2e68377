import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Options of the OTLP/HTTP exporter; every number has a default and a reason. */
export interface OtlpExporterOptions {
  /** The traces endpoint, e.g. `http://localhost:4318/v1/traces`. */
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Spans held while the endpoint is slow or down; past it, new spans are dropped and counted. */
  readonly maxQueueSpans?: number;
  /** Spans per request. */
  readonly maxBatchSpans?: number;
  /** How long a partial batch waits for more spans. */
  readonly flushIntervalMs?: number;
  /** Tries per batch (first one included) before it is dropped and counted. */
  readonly maxAttempts?: number;
  readonly initialBackoffMs?: number;
  readonly requestTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Where losses are reported; `console.error` by default. */
  readonly log?: (message: string) => void;
}

/** What happened to the spans handed to the exporter: losses are counted, never silent. */
export interface ExporterStats {
  queued: number;
  exported: number;
  droppedQueueFull: number;
  droppedRetriesExhausted: number;
  droppedRejected: number;
  failedAttempts: number;
}

/**
 * Batches spans to an OTLP/HTTP endpoint (JSON encoding, OpenTelemetry's own serializer), one
 * request at a time, with retry and backoff on network errors, timeouts, 429 and 5xx (honouring
 * `Retry-After`), and a bounded queue in front.
 */
export class OtlpExporter {
  readonly stats: ExporterStats = {
    queued: 0,
    exported: 0,
    droppedQueueFull: 0,
    droppedRetriesExhausted: 0,
    droppedRejected: 0,
    failedAttempts: 0,
  };
  private readonly queue: ReadableSpan[] = [];
  private readonly options: Required<Omit<OtlpExporterOptions, "headers">> &
    Pick<OtlpExporterOptions, "headers">;
  private sending: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastQueueFullReport = 0;

  constructor(options: OtlpExporterOptions) {
    this.options = {
      maxQueueSpans: 10_000,
      maxBatchSpans: 512,
      flushIntervalMs: 1_000,
      maxAttempts: 5,
      initialBackoffMs: 500,
      requestTimeoutMs: 10_000,
      fetch: globalThis.fetch,
      log: (message) => console.error(message),
      ...options,
    };
  }

  /** Queues `spans`; returns how many were accepted (the rest are dropped and counted). */
  enqueue(spans: readonly ReadableSpan[]): number {
    const room = Math.max(0, this.options.maxQueueSpans - this.queue.length);
    const accepted = spans.slice(0, room);
    this.queue.push(...accepted);
    this.stats.queued = this.queue.length;
    const dropped = spans.length - accepted.length;
    if (dropped > 0) {
      this.stats.droppedQueueFull += dropped;
      const now = Date.now();
      if (now - this.lastQueueFullReport >= 10_000) {
        this.lastQueueFullReport = now;
        this.options.log(
          `convex-lens-collector: queue full (${this.options.maxQueueSpans} spans), ${this.stats.droppedQueueFull} spans dropped so far — the OTLP endpoint is slow or down`,
        );
      }
    }
    if (this.queue.length >= this.options.maxBatchSpans) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.flushIntervalMs);
    return accepted.length;
  }

  /** Sends everything queued; resolves when the queue is empty (delivered or counted as lost). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.sending !== undefined) {
      this.kick();
      await this.sending;
    }
  }

  private kick(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.sending !== undefined || this.queue.length === 0) return;
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      if (this.queue.length > 0) this.timer ??= setTimeout(() => this.kick(), 0);
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSpans);
      this.stats.queued = this.queue.length;
      await this.send(batch);
    }
  }

  private async send(batch: ReadableSpan[]): Promise<void> {
    const body = JsonTraceSerializer.serializeRequest(batch);
    if (body === undefined) {
      this.stats.droppedRejected += batch.length;
      return;
    }
    let backoff = this.options.initialBackoffMs;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const outcome = await this.post(body);
      if (outcome.ok) {
        this.stats.exported += batch.length;
        return;
      }
      this.stats.failedAttempts++;
      if (!outcome.retryable) {
        this.stats.droppedRejected += batch.length;
        this.options.log(
          `convex-lens-collector: endpoint refused ${batch.length} spans (${outcome.reason}); dropped`,
        );
        return;
      }
      if (attempt < this.options.maxAttempts) {
        await sleep(outcome.retryAfterMs ?? backoff);
        backoff *= 2;
      } else {
        this.stats.droppedRetriesExhausted += batch.length;
        this.options.log(
          `convex-lens-collector: ${batch.length} spans dropped after ${attempt} attempts (${outcome.reason})`,
        );
      }
    }
  }

  private async post(body: Uint8Array): Promise<PostOutcome> {
    try {
      const response = await this.options.fetch(this.options.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...this.options.headers },
        // A view on its own ArrayBuffer: fetch's BodyInit takes no shared or resizable buffers.
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retryable = response.status === 429 || response.status >= 500;
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        ok: false,
        retryable,
        reason: `HTTP ${response.status}`,
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterMs: Math.min(retryAfter * 1000, 60_000) }
          : {}),
      };
    } catch (error) {
      return { ok: false, retryable: true, reason: (error as Error).name || "network error" };
    }
  }
}

type PostOutcome =
  | { ok: true }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
