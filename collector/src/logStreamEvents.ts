import { BadInputError } from "./cliRecord.js";
import type { Execution } from "./execution.js";
import { isFiniteNumber, isRecord } from "./jsonGuards.js";
import { parseTraceLine, type TraceLine } from "./traceLine.js";
import { readUsage } from "./usage.js";

// Convex log streams (docs: "Log Streams", the schema for streams configured after 2024-05-23):
// a webhook body is a JSON array of events (or JSONL), each with `topic` and `timestamp` (ms).
// `function_execution` events carry `function {type, path, request_id, cached}`,
// `execution_time_ms`, `status`, `error_message`, `usage {…}` and `scheduler_info {job_id}`;
// `console` events carry the function's log lines, the helper's among them. Log streams send no
// execution ids, so a helper line is matched to its execution by request id and path.

const KINDS: ReadonlySet<string> = new Set(["query", "mutation", "action", "http_action"]);

/** What one webhook body holds, after validation. */
export interface LogStreamBatch {
  readonly executions: Execution[];
  /** Helper lines from `console` events, keyed by request id and path, to join executions. */
  readonly lines: { readonly key: string; readonly line: TraceLine }[];
  /** Events of other topics (verification, audit_log, scheduler_stats…), skipped. */
  readonly skipped: number;
}

/** The key that joins a `console` event's helper line to its `function_execution` event. */
export function executionKey(requestId: string, path: string): string {
  return `${requestId}\u0000${path}`;
}

/**
 * The events in a webhook body (a JSON array, or one JSON event per line), or a `BadInputError`
 * that says what is wrong with the first bad event: a batch is taken whole or refused whole.
 */
export function readLogStreamBody(body: string): LogStreamBatch | BadInputError {
  const events = parseBody(body);
  if (events instanceof BadInputError) return events;
  const batch: LogStreamBatch = { executions: [], lines: [], skipped: 0 };
  let skipped = 0;
  for (const [index, event] of events.entries()) {
    if (!isRecord(event) || typeof event.topic !== "string" || !isFiniteNumber(event.timestamp)) {
      return new BadInputError(`event ${index}: needs a topic and a numeric timestamp`);
    }
    if (event.topic === "function_execution") {
      const execution = readExecutionEvent(event);
      if (execution instanceof BadInputError) {
        return new BadInputError(`event ${index}: ${execution.message}`);
      }
      batch.executions.push(execution);
    } else if (event.topic === "console") {
      const fn = readFunction(event.function);
      const line = typeof event.message === "string" ? parseTraceLine(event.message) : undefined;
      if (fn instanceof BadInputError) return new BadInputError(`event ${index}: ${fn.message}`);
      if (line !== undefined) batch.lines.push({ key: executionKey(fn.requestId, fn.path), line });
    } else skipped++;
  }
  return { ...batch, skipped };
}

function parseBody(body: string): unknown[] | BadInputError {
  const trimmed = body.trim();
  if (trimmed.length === 0) return new BadInputError("empty body");
  try {
    if (trimmed.startsWith("[")) {
      const parsed: unknown = JSON.parse(trimmed);
      return Array.isArray(parsed) ? parsed : new BadInputError("body must be a JSON array");
    }
    return trimmed
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
  } catch (error) {
    return new BadInputError(`body is not JSON: ${(error as Error).message.slice(0, 120)}`);
  }
}

function readFunction(value: unknown) {
  if (!isRecord(value)) return new BadInputError("function must be an object");
  const { type, path, request_id: requestId, cached } = value;
  if (typeof type !== "string" || !KINDS.has(type)) {
    return new BadInputError(`unknown function.type ${String(type)}`);
  }
  if (typeof path !== "string" || path.length === 0 || typeof requestId !== "string") {
    return new BadInputError("function.path and function.request_id must be strings");
  }
  return { kind: type as Execution["kind"], path, requestId, cached: cached === true };
}

function readExecutionEvent(event: Record<string, unknown>): Execution | BadInputError {
  const fn = readFunction(event.function);
  if (fn instanceof BadInputError) return fn;
  const durationMs = event.execution_time_ms;
  if (!isFiniteNumber(durationMs) || durationMs < 0) {
    return new BadInputError("execution_time_ms must be a number");
  }
  if (event.status !== "success" && event.status !== "failure") {
    return new BadInputError("status must be success or failure");
  }
  const timestamp = event.timestamp as number;
  const jobId = isRecord(event.scheduler_info) ? event.scheduler_info.job_id : undefined;
  const errorMessage = typeof event.error_message === "string" ? event.error_message : undefined;
  return {
    requestId: fn.requestId,
    path: fn.path,
    kind: fn.kind,
    startMs: timestamp - durationMs,
    durationMs,
    cached: fn.cached,
    success: event.status === "success",
    ...(errorMessage === undefined ? {} : { errorMessage }),
    usage: readUsage(event.usage),
    ...(typeof jobId === "string" ? { jobId } : {}),
  };
}
