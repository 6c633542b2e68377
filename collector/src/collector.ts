import type { Resource } from "@opentelemetry/resources";
import type { Execution } from "./execution.js";
import { executionSpans } from "./executionSpans.js";
import { executionKey, type LogStreamBatch } from "./logStreamEvents.js";
import type { OtlpExporter } from "./otlpExporter.js";
import type { TraceLine } from "./traceLine.js";

/** Helper lines waiting for their `function_execution` event (log streams send them apart). */
const MAX_PENDING_LINES = 10_000;

/** What the collector took in; with the exporter's stats, what `/stats` and the CLI report. */
export interface CollectorStats {
  executions: number;
  tracedExecutions: number;
  badInputs: number;
  /** Helper lines whose execution event never came (evicted past the cap). */
  unmatchedLines: number;
  pendingLines: number;
}

/**
 * Turns executions into spans and hands them to the exporter. For log streams, it first joins
 * each execution with the helper line printed during it, by request id and path.
 */
export class Collector {
  readonly stats: CollectorStats = {
    executions: 0,
    tracedExecutions: 0,
    badInputs: 0,
    unmatchedLines: 0,
    pendingLines: 0,
  };
  private readonly pending = new Map<string, TraceLine[]>();
  private pendingCount = 0;

  constructor(
    readonly exporter: OtlpExporter,
    private readonly resource: Resource,
  ) {}

  /** One execution that already carries its line (CLI records), or none. */
  acceptExecution(execution: Execution): void {
    this.stats.executions++;
    if (execution.line !== undefined) this.stats.tracedExecutions++;
    this.exporter.enqueue(executionSpans(execution, this.resource));
  }

  /** One webhook body: lines are held until their execution arrives, in this batch or a later one. */
  acceptLogStreamBatch(batch: LogStreamBatch): void {
    for (const { key, line } of batch.lines) this.hold(key, line);
    for (const execution of batch.executions) {
      const line = this.take(executionKey(execution.requestId, execution.path));
      this.acceptExecution(line === undefined ? execution : { ...execution, line });
    }
  }

  /** Counts input that was refused (its reason is logged where it was read). */
  countBadInput(): void {
    this.stats.badInputs++;
  }

  private hold(key: string, line: TraceLine): void {
    if (this.pendingCount >= MAX_PENDING_LINES) {
      const [oldest] = this.pending.keys();
      if (oldest !== undefined) {
        const evicted = this.pending.get(oldest)?.length ?? 0;
        this.pending.delete(oldest);
        this.pendingCount -= evicted;
        this.stats.unmatchedLines += evicted;
      }
    }
    const lines = this.pending.get(key) ?? [];
    lines.push(line);
    this.pending.set(key, lines);
    this.pendingCount++;
    this.stats.pendingLines = this.pendingCount;
  }

  private take(key: string): TraceLine | undefined {
    const lines = this.pending.get(key);
    const line = lines?.shift();
    if (line !== undefined) this.pendingCount--;
    if (lines !== undefined && lines.length === 0) this.pending.delete(key);
    this.stats.pendingLines = this.pendingCount;
    return line;
  }
}
