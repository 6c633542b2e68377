import type { TraceLine } from "./traceLine.js";

/**
 * One function execution, whichever input it came from (a log-stream `function_execution` event
 * or a `npx convex logs --jsonl` record): the collector's one internal shape.
 */
export interface Execution {
  readonly requestId: string;
  /** Present in CLI records; log streams do not send it. */
  readonly executionId?: string;
  readonly parentExecutionId?: string;
  /** `module:function`, or `POST /path` for an HTTP action. */
  readonly path: string;
  readonly kind: "query" | "mutation" | "action" | "http_action";
  /** Unix epoch milliseconds. */
  readonly startMs: number;
  readonly durationMs: number;
  readonly cached: boolean;
  readonly success: boolean;
  readonly errorMessage?: string;
  /** Usage counters, already named as span attributes (`convex.usage.database_read_bytes`…). */
  readonly usage: Readonly<Record<string, number>>;
  /** Set when the scheduler started the execution (log streams' `scheduler_info.job_id`). */
  readonly jobId?: string;
  /** The server helper's line, when the function is traced. */
  readonly line?: TraceLine;
}
