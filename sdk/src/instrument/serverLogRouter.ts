import type { SpanContext } from "@opentelemetry/api";
import type { FunctionKind } from "../core/callTarget.js";
import { ListenerSet } from "../core/listenerSet.js";
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
// Requests in flight are few; the cap only stops a leak if a call never settles.
const MAX_REQUESTS = 1_024;
/** Most unattributed lines kept, newest last. */
export const MAX_UNATTRIBUTED = 200;
// Query lines printed by one transition that are waiting for their subscription to claim them.
const MAX_PENDING_QUERY_LINES = 1_000;
// HTTP response lines already given to their call, waiting for the client to print them.
const MAX_EXPECTED_PRINTS = 1_000;

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
 *   the same task) goes to {@link unattributed}, a bounded list the panel shows.
 */
export class ServerLogRouter {
  /** The call handing a request to the client right now (synchronously, in {@link sending}). */
  private sender: ServerLogSink | undefined;
  private readonly byRequest = new Map<number, ServerLogSink>();
  /** While the client processes a response: the call it belongs to, or null when unknown. */
  private current: ServerLogSink | null | undefined;
  private readonly pendingQuery: UnattributedLog[] = [];
  private readonly expectedPrints: { functionPath: string; level: string; text: string }[] = [];
  private flushScheduled = false;
  private readonly lost: UnattributedLog[] = [];
  // Its one listener, the lens-wide list, counts its own failures in diagnostics.
  private readonly listeners = new ListenerSet<(line: UnattributedLog) => void>();

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

  /** The call a response is being processed for now: where its console error belongs. */
  respondingSink(): ServerLogSink | undefined {
    return this.current ?? undefined;
  }

  /**
   * Hands a subscription the raw lines its result carried (`[LOG] 'text'`) and marks the same
   * lines the client printed for that query as claimed.
   */
  claimQueryLines(functionPath: string, lines: readonly string[], sink: ServerLogSink): void {
    for (const raw of lines) {
      const { level, text } = parseRawLine(raw);
      sink.log(level, text);
      const index = this.pendingQuery.findIndex(
        (line) => line.functionPath === functionPath && line.level === level && line.text === text,
      );
      if (index >= 0) this.pendingQuery.splice(index, 1);
    }
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
      const { level, text } = parseRawLine(raw);
      sink.log(level, text);
      if (!clientPrints) continue;
      if (this.expectedPrints.length >= MAX_EXPECTED_PRINTS) this.expectedPrints.shift();
      this.expectedPrints.push({ functionPath, level, text });
    }
  }

  /** Handles one `logger.log(...)` call of the client; returns whether it was a server log line. */
  route(args: readonly unknown[]): boolean {
    const head = args[0];
    if (typeof head !== "string") return false;
    const match = PREFIX.exec(head);
    if (!match) return false;
    const [, letter = "?", functionPath = "", level = "LOG"] = match;
    const text = args
      .slice(2)
      .map((part) => (typeof part === "string" ? part : safeString(part)))
      .join(" ");
    const printedPath = canonicalFunctionPath(functionPath);
    const expected = this.expectedPrints.findIndex(
      (line) => line.functionPath === printedPath && line.level === level && line.text === text,
    );
    if (expected >= 0) {
      // Already given to its call from the response itself.
      this.expectedPrints.splice(expected, 1);
      return true;
    }
    const kind = KIND_BY_LETTER[letter] ?? null;
    const line: UnattributedLog = { at: Date.now(), kind, functionPath, level, text };
    if (kind === "query") {
      // Claimed by the subscription its result reaches, in this same task; else unattributed.
      if (this.pendingQuery.length < MAX_PENDING_QUERY_LINES) this.pendingQuery.push(line);
      else this.unattributedLine(line);
      this.scheduleFlush();
      return true;
    }
    const sink = this.current;
    if (sink) sink.log(level, text);
    else this.unattributedLine(line);
    return true;
  }

  /** The lines no call could be named for, oldest first (at most {@link MAX_UNATTRIBUTED}). */
  unattributed(): readonly UnattributedLog[] {
    return [...this.lost];
  }

  /** Calls `listener` with each unattributed line; returns the unsubscribe function. */
  onUnattributed(listener: (line: UnattributedLog) => void): () => void {
    return this.listeners.add(listener);
  }

  private unattributedLine(line: UnattributedLog): void {
    if (this.lost.length >= MAX_UNATTRIBUTED) this.lost.shift();
    this.lost.push(line);
    this.listeners.notify(line);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // The client prints a transition's lines, then notifies subscribers, in one task.
    setTimeout(() => {
      this.flushScheduled = false;
      for (const line of this.pendingQuery.splice(0)) this.unattributedLine(line);
    }, 0);
  }
}

/** A raw line as a response carries it, `[LOG] 'text' 1`, as its level and text. */
function parseRawLine(raw: string): { level: string; text: string } {
  const match = RAW_LINE.exec(raw);
  return { level: match?.[1] ?? "LOG", text: match?.[2] ?? raw };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
