import { logText } from "../core/logText.js";
import type { LensLogger, LogFields, LogLevel, LogSource } from "./logger.js";

/**
 * The logger the official clients accept as their `logger` option (`Logger` in
 * convex/src/browser/logging.ts): `new ConvexReactClient(url, { logger: convexLogger(lensLogger) })`.
 */
export interface ConvexLoggerLike {
  logVerbose(...args: unknown[]): void;
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** What one call of the Convex client's logger means, as a record of ours. */
export interface ConvexLogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly source: LogSource;
  readonly fields: LogFields;
}

// Shapes printed by convex/src/browser/logging.ts (`logForFunction`, `logFatalError`):
//   log:   "%c[CONVEX Q(path)] [LOG]", "<css colour>", "<text>"   (a console.* line of a function)
//   error: "[CONVEX M(path)] [Request ID: abc] Server Error"        (a failed function)
//   error: "[CONVEX FATAL ERROR] <message>"
// Everything else is the client's own chatter, e.g. web_socket_manager.ts's
//   log:   "WebSocket reconnected at", "<time>", "after disconnect due to", "<reason>"
//   log:   "Attempting reconnect in 1234ms"
const SERVER_LINE = /^%c\[CONVEX [QMA?]\((.*)\)\] \[(\w+)\]$/;
const FUNCTION_ERROR = /^\[CONVEX [QMA?]\((.*?)\)\] (.*)$/s;
const REQUEST_ID = /\[Request ID: ([^\]]+)\]/;
const FATAL = "[CONVEX FATAL ERROR] ";
const SERVER_LEVELS: Readonly<Record<string, LogLevel>> = {
  DEBUG: "debug",
  LOG: "info",
  INFO: "info",
  WARN: "warn",
  ERROR: "error",
};

/**
 * Reads one call of the Convex client's logger (`method` is the logger method that was called:
 * logVerbose → "debug", log → "info", warn, error) and says what it means for us: server console
 * lines become records with `function` and the server's own level; function failures keep their
 * request id; the rest is the client's own output (reconnects, warnings).
 */
export function convexLogLine(method: LogLevel, args: readonly unknown[]): ConvexLogLine {
  const head = args[0];
  if (typeof head === "string") {
    const server = SERVER_LINE.exec(head);
    if (server) {
      return {
        level: SERVER_LEVELS[server[2] ?? ""] ?? "info",
        message: joinArgs(args.slice(2)),
        source: "convex-server",
        fields: { function: server[1] ?? "" },
      };
    }
    const failed = args.length === 1 ? FUNCTION_ERROR.exec(head) : null;
    if (failed) {
      const text = failed[2] ?? "";
      const requestId = REQUEST_ID.exec(text)?.[1];
      return {
        level: method === "info" ? "info" : "error",
        message: text,
        source: "convex-server",
        fields:
          requestId === undefined
            ? { function: failed[1] ?? "" }
            : { function: failed[1] ?? "", request_id: requestId },
      };
    }
    if (head.startsWith(FATAL)) {
      return {
        level: "error",
        message: head.slice(FATAL.length),
        source: "convex-client",
        fields: {},
      };
    }
  }
  return { level: method, message: joinArgs(args), source: "convex-client", fields: {} };
}

/**
 * A Convex client logger that writes through `logger`, so reconnects, warnings and server log
 * lines land in the same structured stream as the SDK's own records. The integrator's server-log
 * tap (instrument/loggerTap.ts) can wrap its `log` like any other logger's.
 */
export function convexLogger(logger: LensLogger): ConvexLoggerLike {
  const forward =
    (method: LogLevel) =>
    (...args: unknown[]) => {
      const line = convexLogLine(method, args);
      logger.log(line.level, line.message, line.fields, line.source);
    };
  return {
    logVerbose: forward("debug"),
    log: forward("info"),
    warn: forward("warn"),
    error: forward("error"),
  };
}

function joinArgs(args: readonly unknown[]): string {
  return args.map(logText).join(" ");
}
