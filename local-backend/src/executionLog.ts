import { BackendError } from "./backendError.js";
import type { FunctionKind } from "./functionRegistry.js";

/** How many execution events the backend keeps for `GET /_lens/executions` by default. */
export const DEFAULT_MAX_EXECUTION_EVENTS = 1_000;

/** Most events one poll returns; the caller polls again from the returned cursor. */
export const MAX_EXECUTIONS_PER_POLL = 500;

/** One top-level execution the runtime ran, as it reports it to the log (runtime.ts). */
export interface FinishedExecution {
  readonly kind: FunctionKind | "http";
  /** `module:function`, or `METHOD /path` for an HTTP action. */
  readonly udfPath: string;
  readonly requestId: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Present when the execution failed: the message the caller got. */
  readonly errorMessage?: string;
  readonly logLines: readonly string[];
}

/**
 * One execution in the shape `npx convex logs --jsonl` prints (`FunctionExecutionJson`, kind
 * `Completion`: convex 1.48.0, src/cli/lib/generatedFunctionLogsApi.ts), so the collector reads
 * the local backend's events exactly as it reads a production deployment's. Times in seconds.
 */
export interface ExecutionEvent {
  readonly kind: "Completion";
  readonly udfType: "Query" | "Mutation" | "Action" | "HttpAction";
  readonly identifier: string;
  readonly requestId: string;
  readonly executionId: string;
  readonly parentExecutionId: string | null;
  /** When it ended. */
  readonly timestamp: number;
  readonly executionTimestamp: number;
  readonly executionTime: number;
  readonly cachedResult: false;
  /** The local backend measures no usage; present and empty, as the schema has it. */
  readonly usageStats: Record<string, never>;
  readonly logLines: readonly string[];
  readonly success?: null;
  readonly error?: string;
}

/** What one poll returns: events after the cursor, the cursor to poll from next, and losses. */
export interface ExecutionPage {
  readonly events: readonly ExecutionEvent[];
  /** Pass as `since` next time. */
  readonly cursor: number;
  /** Events that fell out of the buffer before this caller read them (it polled too slowly). */
  readonly missed: number;
}

const UDF_TYPES = {
  query: "Query",
  mutation: "Mutation",
  action: "Action",
  http: "HttpAction",
} as const;

// The trace line's format and its cap have one home, sdk/src/server/traceLine.ts
// (`TRACE_LINE_PREFIX`, `MAX_TRACE_LINE_CHARS`); the local backend depends on no other package of
// ours (DESIGN.md), so it repeats the two values, and executionLog.test.ts checks them against it.
/** Prefix of a server helper line. */
export const TRACE_LINE_PREFIX = "[convex-lens] ";
/** Longest JSON body of a helper line read, as `parseTraceLine` caps it: a longer one is not parsed. */
export const MAX_TRACE_LINE_CHARS = 8_192;

/** The execution span of a server helper line (`[convex-lens] {...}`): its name and times. */
interface HelperExecution {
  readonly kind: "query" | "mutation" | "action";
  readonly path: string;
  readonly startMs: number;
  readonly durationMs: number;
}

/**
 * Reads the first span of a helper line, the execution it was printed for. Only what the log
 * needs to tell nested executions apart; the collector validates the whole line itself.
 */
function helperExecution(line: string): HelperExecution | undefined {
  const start = line.indexOf(TRACE_LINE_PREFIX);
  if (start < 0) return undefined;
  const open = line.indexOf("{", start);
  const close = line.lastIndexOf("}");
  if (open < 0 || close < open || close - open >= MAX_TRACE_LINE_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(open, close + 1));
  } catch {
    return undefined;
  }
  const first = (value as { s?: unknown }).s;
  const span: unknown = Array.isArray(first) ? first[0] : undefined;
  if (typeof span !== "object" || span === null) return undefined;
  const { n, t, d } = span as { n?: unknown; t?: unknown; d?: unknown };
  if (typeof n !== "string" || typeof t !== "number" || typeof d !== "number") return undefined;
  const match = /^(query|mutation|action) (\S+)$/.exec(n);
  if (match === null) return undefined;
  return {
    kind: match[1] as HelperExecution["kind"],
    path: match[2] as string,
    startMs: t,
    durationMs: d,
  };
}

/**
 * The events of one top-level execution. convex-test runs `ctx.runQuery`/`runMutation`/`runAction`
 * in the caller's process and context, so a traced callee's helper line lands among its caller's
 * lines; on a deployment it is an execution of its own. Each such line becomes a child event
 * (parent: the caller), so the collector sees what production would send. Untraced callees cannot
 * be told apart: their lines stay with the caller.
 */
export function executionEvents(
  finished: FinishedExecution,
  executionId: string,
): ExecutionEvent[] {
  const ownName = finished.kind === "http" ? undefined : `${finished.kind} ${finished.udfPath}`;
  const helpers = finished.logLines.map(helperExecution);
  let own = -1;
  for (let i = helpers.length - 1; i >= 0 && ownName !== undefined; i--) {
    const helper = helpers[i];
    if (helper !== undefined && `${helper.kind} ${helper.path}` === ownName) {
      own = i;
      break;
    }
  }
  const events: ExecutionEvent[] = [];
  const ownLines: string[] = [];
  finished.logLines.forEach((line, i) => {
    const helper = helpers[i];
    if (helper === undefined || i === own) {
      ownLines.push(line);
      return;
    }
    const endMs = helper.startMs + helper.durationMs;
    events.push({
      kind: "Completion",
      udfType: UDF_TYPES[helper.kind],
      identifier: helper.path,
      requestId: finished.requestId,
      executionId: `${executionId}.${events.length + 1}`,
      parentExecutionId: executionId,
      timestamp: endMs / 1000,
      executionTimestamp: helper.startMs / 1000,
      executionTime: helper.durationMs / 1000,
      cachedResult: false,
      usageStats: {},
      logLines: [line],
      success: null,
    });
  });
  events.push({
    kind: "Completion",
    udfType: UDF_TYPES[finished.kind],
    identifier: finished.udfPath,
    requestId: finished.requestId,
    executionId,
    parentExecutionId: null,
    timestamp: finished.endedAt / 1000,
    executionTimestamp: finished.startedAt / 1000,
    executionTime: Math.max(0, finished.endedAt - finished.startedAt) / 1000,
    cachedResult: false,
    usageStats: {},
    logLines: ownLines,
    ...(finished.errorMessage === undefined ? { success: null } : { error: finished.errorMessage }),
  });
  return events;
}

/**
 * The backend's recent function executions, for a collector to poll (`GET /_lens/executions`):
 * the local stand-in for a deployment's log stream. A ring buffer: the oldest events go first,
 * and a reader that falls behind is told how many it missed.
 */
export class ExecutionLog {
  private readonly events: ExecutionEvent[] = [];
  /** Sequence number of `events[0]`; every event's cursor is its sequence number plus one. */
  private firstSeq = 0;
  private nextExecution = 1;

  constructor(readonly capacity: number = DEFAULT_MAX_EXECUTION_EVENTS) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new BackendError(
        "InvalidOption",
        `maxExecutionEvents must be a positive integer, not ${capacity}`,
      );
    }
  }

  /** Records one finished execution (and the nested ones its lines reveal). Never throws. */
  record(finished: FinishedExecution): void {
    const executionId = `local-${this.nextExecution++}`;
    for (const event of executionEvents(finished, executionId)) {
      this.events.push(event);
      if (this.events.length > this.capacity) {
        this.events.shift();
        this.firstSeq++;
      }
    }
  }

  /** Events after `since` (0 for all kept), at most `limit`. */
  since(since: number, limit: number = MAX_EXECUTIONS_PER_POLL): ExecutionPage {
    const end = this.firstSeq + this.events.length;
    const from = Math.min(Math.max(since, this.firstSeq), end);
    const missed = Math.max(0, this.firstSeq - since);
    const count = Math.min(end - from, Math.max(0, limit));
    const start = from - this.firstSeq;
    return {
      events: this.events.slice(start, start + count),
      cursor: from + count,
      missed,
    };
  }
}

/**
 * Reads `?since=<cursor>&limit=<n>` of a poll. Returns a message for bad input (the admin API
 * answers it with 400).
 */
export function readPollQuery(query: URLSearchParams): { since: number; limit: number } | string {
  const sinceText = query.get("since") ?? "0";
  const limitText = query.get("limit") ?? String(MAX_EXECUTIONS_PER_POLL);
  if (!/^\d{1,15}$/.test(sinceText)) return "since must be a cursor (a non-negative integer)";
  if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1) {
    return `limit must be an integer from 1 to ${MAX_EXECUTIONS_PER_POLL}`;
  }
  return { since: Number(sinceText), limit: Math.min(Number(limitText), MAX_EXECUTIONS_PER_POLL) };
}
