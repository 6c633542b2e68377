import type { SpanContext } from "@opentelemetry/api";
import type { FunctionKind } from "../core/callTarget.js";
import { logText } from "../core/logText.js";
import { canonicalFunctionPath } from "./functionPath.js";

/** Receives the server log lines that arrive for one call. */
export interface ServerLogSink {
  log(level: string, text: string): void;
  /**
   * Takes the client's console error for a failed attempt of this call, to print once when the
   * call ends rather than once per attempt (loggerTap.ts). Sinks without it let the line print.
   */
  holdError?(print: () => void): void;
  /**
   * The span context of the attempt being sent (its CLIENT span), which the trace argument
   * carries to a traced function (traceArgument.ts). Read from the call, not from the active
   * context: without a context manager (or after an await) nothing is active.
   */
  sendingSpan?(): SpanContext | undefined;
}

/** A server log line that no call could be named for: the data did not say whose it was. */
export interface UnattributedLog {
  /** Epoch ms when the client printed it. */
  readonly at: number;
  /** As the client's prefix names it; null when the prefix gave no kind. */
  readonly kind: FunctionKind | null;
  readonly functionPath: string;
  readonly level: string;
  readonly text: string;
}

// The official clients print a server log line as `%c[CONVEX Q(path)] [LOG]`, a colour, then the text
// (convex/src/browser/logging.ts, `logForFunction`).
const PREFIX = /^%c\[CONVEX ([QMA?])\((.*)\)\] \[(\w+)\]$/;
// A raw line as a result carries it: `[LOG] 'text' 1` (convex/src/browser/sync/protocol.ts).
const RAW_LINE = /^\[(\w+)\] ([\s\S]*)$/;
const KIND_BY_LETTER: Readonly<Record<string, FunctionKind | undefined>> = {
  Q: "query",
  M: "mutation",
  A: "action",
};
/**
 * Requests in flight are few; the cap only stops a leak if a call never settles. Past it, the oldest
 * request's lines are listed as unattributed rather than given to its call.
 */
export const MAX_REQUESTS = 1_024;
// Query lines printed by one transition that are waiting for their subscription to claim them,
// and HTTP response lines already given to their call, waiting for the client to print them.
export const MAX_HELD_LINES = 1_000;

/** A line as the router compares it: printed by the client, or carried by a response. */
interface PrintedLine {
  readonly functionPath: string;
  readonly level: string;
  readonly text: string;
}

/**
 * Routes the server log lines a WebSocket client prints to the call they came with, only where the
 * protocol says which call that is (issue 13 §5); never by function path.
 *
 * - **Mutations and actions** carry a request id, and their response its own `logLines`. The
 *   client prints those lines while it processes that response (`RequestManager.onResponse`,
 *   convex/src/browser/sync/request_manager.ts), so a line printed inside {@link responding}
 *   belongs to the call that sent that request id ({@link sending} + {@link requestSent}).
 * - **Query results** carry their lines with the result (`localQueryLogs()`, `getQueryLogs()`):
 *   the subscription that receives the result claims them ({@link claimQueryLines}).
 * - **HTTP responses** carry their own `logLines`: the call whose request it was takes them
 *   from the response itself ({@link claimResponseLines}, httpResponseLogs.ts).
 * - Anything else (a line outside a known response, a query line no subscription claimed within
 *   the same task) goes to {@link lost}: the lens-wide list the panel shows (unattributedLogs.ts).
 */
export class ServerLogRouter {
  /**
   * Where the lines no call could be named for go (the lens-wide list sets it when it follows
   * this router); a throw there is swallowed, as a listener's would be.
   */
  lost: ((line: UnattributedLog) => void) | undefined;
  /**
   * While the client processes a response: the call it belongs to (where its console error goes,
   * loggerTap.ts), or null when unknown. Set only by {@link responding}.
   */
  current: ServerLogSink | null | undefined;
  /** The call handing a request to the client right now (synchronously, in {@link sending}). */
  private sender: ServerLogSink | undefined;
  private readonly byRequest = new Map<number, ServerLogSink>();
  /** Query lines printed, waiting for their subscription ({@link claimQueryLines}). */
  private readonly queryLines: UnattributedLog[] = [];
  /** HTTP lines given to their call, waiting for the client's printed copy ({@link route}). */
  private readonly given: PrintedLine[] = [];
  private flushing = false;

  /** Runs `send` (which hands one request to the client) as `sink`'s. */
  sending<T>(sink: ServerLogSink, send: () => T): T {
    const previous = this.sender;
    this.sender = sink;
    try {
      return send();
    } finally {
      this.sender = previous;
    }
  }

  /** The client registered request `requestId`: it belongs to the call now {@link sending}. */
  requestSent(requestId: number): void {
    const sink = this.sender;
    if (!sink) return;
    if (this.byRequest.size >= MAX_REQUESTS) {
      const oldest = this.byRequest.keys().next();
      if (!oldest.done) this.byRequest.delete(oldest.value);
    }
    this.byRequest.set(requestId, sink);
  }

  /** Runs `process` (the client handling the response to `requestId`) with its lines routed. */
  responding<T>(requestId: number, process: () => T): T {
    const previous = this.current;
    this.current = this.byRequest.get(requestId) ?? null;
    try {
      return process();
    } finally {
      this.current = previous;
      // Answered: a retry is a new request with its own id; a repeated response prints nothing.
      this.byRequest.delete(requestId);
    }
  }

  /**
   * Hands a subscription the raw lines its result carried (`[LOG] 'text'`) and marks the same
   * lines the client printed for that query as claimed.
   */
  claimQueryLines(functionPath: string, lines: readonly string[], sink: ServerLogSink): void {
    for (const raw of lines) take(this.queryLines, give(functionPath, raw, sink));
  }

  /**
   * Hands an HTTP call the raw lines its own response carried (httpResponseLogs.ts), before the
   * client prints them; the printed copies are then known as this call's and not listed again.
   * `clientPrints` says whether the client prints them at all (its `debug` flag).
   */
  claimResponseLines(
    functionPath: string,
    lines: readonly string[],
    sink: ServerLogSink,
    clientPrints: boolean,
  ): void {
    for (const raw of lines) {
      const line = give(functionPath, raw, sink);
      if (!clientPrints) continue;
      if (this.given.length >= MAX_HELD_LINES) this.given.shift();
      this.given.push(line);
    }
  }

  /** Handles one `logger.log(...)` call of the client; returns whether it was a server log line. */
  route(args: readonly unknown[]): boolean {
    const head = args[0];
    const match = typeof head === "string" ? PREFIX.exec(head) : null;
    if (!match) return false;
    const [, letter = "?", functionPath = "", level = "LOG"] = match;
    const text = args.slice(2).map(logText).join(" ");
    // Already given to its call from the response itself.
    if (take(this.given, { functionPath: canonicalFunctionPath(functionPath), level, text })) {
      return true;
    }
    const kind = KIND_BY_LETTER[letter] ?? null;
    const line: UnattributedLog = { at: Date.now(), kind, functionPath, level, text };
    if (kind === "query") {
      // Claimed by the subscription its result reaches, in this same task; else unattributed.
      if (this.queryLines.length < MAX_HELD_LINES) this.queryLines.push(line);
      else this.lose(line);
      this.scheduleFlush();
    } else if (this.current) this.current.log(level, text);
    else this.lose(line);
    return true;
  }

  private lose(line: UnattributedLog): void {
    try {
      this.lost?.(line);
    } catch {
      // The list's own listeners are counted there; a failure to keep a line changes nothing.
    }
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    // The client prints a transition's lines, then notifies subscribers, in one task.
    setTimeout(() => {
      this.flushing = false;
      for (const line of this.queryLines.splice(0)) this.lose(line);
    }, 0);
  }
}

/** Hands `sink` a raw line of `functionPath`'s, as the line the client prints for it. */
function give(functionPath: string, raw: string, sink: ServerLogSink): PrintedLine {
  const match = RAW_LINE.exec(raw);
  const line = { functionPath, level: match?.[1] ?? "LOG", text: match?.[2] ?? raw };
  sink.log(line.level, line.text);
  return line;
}

/** Removes the first line of `lines` equal to `line`; whether there was one. */
function take(lines: PrintedLine[], line: PrintedLine): boolean {
  const index = lines.findIndex(
    (held) =>
      held.functionPath === line.functionPath &&
      held.level === line.level &&
      held.text === line.text,
  );
  if (index >= 0) lines.splice(index, 1);
  return index >= 0;
}
