import type { FunctionKind } from "../errors/index.js";
import { logKeyOf } from "./callSite.js";

/** Receives the server log lines that arrive for one call. */
export interface ServerLogSink {
  log(level: string, text: string): void;
  /**
   * Takes the client's console error for a failed attempt of this call, to print once when the
   * call ends rather than once per attempt (loggerTap.ts). Sinks without it let the line print.
   */
  holdError?(print: () => void): void;
}

// The official clients print a server log line as `%c[CONVEX Q(path)] [LOG]`, a colour, then the text
// (convex/src/browser/logging.ts, `logForFunction`).
const PREFIX = /^%c\[CONVEX ([QMA?])\((.*)\)\] \[(\w+)\]$/;
const KIND_BY_LETTER: Readonly<Record<string, FunctionKind | undefined>> = {
  Q: "query",
  M: "mutation",
  A: "action",
};

// In-flight calls per path are few; this only stops a leak if a sink is never removed.
const MAX_SINKS_PER_PATH = 256;

/**
 * Routes the server log lines a client prints to the call they belong to. The client does not say
 * which request a line came with, only the function path; responses for one path arrive in request
 * order, so the oldest in-flight call of that path owns the line.
 */
export class ServerLogRouter {
  private readonly sinks = new Map<string, ServerLogSink[]>();

  /**
   * The in-flight list of one function and kind, created once and kept: call sites hold it, so
   * entering and leaving it costs no map lookup per call.
   */
  inflight(logKey: string): ServerLogSink[] {
    let list = this.sinks.get(logKey);
    if (!list) {
      list = [];
      this.sinks.set(logKey, list);
    }
    return list;
  }

  /** Registers an in-flight call under `logKey`; pair with {@link remove}. */
  add(logKey: string, sink: ServerLogSink): void {
    enterInflight(this.inflight(logKey), sink);
  }

  /** Unregisters a call. */
  remove(logKey: string, sink: ServerLogSink): void {
    const list = this.sinks.get(logKey);
    if (list) leaveInflight(list, sink);
  }

  /** Handles one `logger.log(...)` call of the client; returns whether it was a server log line. */
  route(args: readonly unknown[]): boolean {
    const head = args[0];
    if (typeof head !== "string") return false;
    const match = PREFIX.exec(head);
    if (!match) return false;
    const [, letter = "?", functionPath = "", level = "LOG"] = match;
    const kind = KIND_BY_LETTER[letter];
    const text = args
      .slice(2)
      .map((part) => (typeof part === "string" ? part : safeString(part)))
      .join(" ");
    const candidates = kind
      ? this.sinks.get(logKeyOf(kind, functionPath))
      : (this.sinks.get(logKeyOf("query", functionPath)) ??
        this.sinks.get(logKeyOf("mutation", functionPath)) ??
        this.sinks.get(logKeyOf("action", functionPath)));
    candidates?.[0]?.log(level, text);
    return true;
  }
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Adds a call to an in-flight list (capped: a sink that is never removed cannot leak). */
export function enterInflight(list: ServerLogSink[], sink: ServerLogSink): void {
  if (list.length >= MAX_SINKS_PER_PATH) list.shift();
  list.push(sink);
}

/** Removes a call; calls mostly end in the order they started, so this is usually O(1). */
export function leaveInflight(list: ServerLogSink[], sink: ServerLogSink): void {
  if (list[0] === sink) list.shift();
  else {
    const index = list.indexOf(sink);
    if (index >= 0) list.splice(index, 1);
  }
}
