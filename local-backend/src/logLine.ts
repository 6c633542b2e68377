import { inspect } from "node:util";

/** The levels a Convex deployment tags log lines with (convex/src/cli/lib/logs.ts). */
export type LogLevel = "DEBUG" | "INFO" | "LOG" | "WARN" | "ERROR";

/** Most lines one function call may return; real deployments also cap per-execution logs. */
export const MAX_LOG_LINES_PER_CALL = 256;

/** Longest single line kept; longer lines are cut so one huge object cannot bloat a response. */
export const MAX_LOG_LINE_LENGTH = 32 * 1024;

/** The line appended once when a call logs more than `MAX_LOG_LINES_PER_CALL` lines. */
export const LOG_OVERFLOW_LINE = `[ERROR] Log overflow (maximum ${MAX_LOG_LINES_PER_CALL}). Remaining log lines omitted.`;

function formatArg(arg: unknown): string {
  try {
    return inspect(arg, {
      depth: 4,
      breakLength: Number.POSITIVE_INFINITY,
      maxStringLength: MAX_LOG_LINE_LENGTH,
    });
  } catch {
    return "[unprintable value]";
  }
}

/**
 * Formats console arguments the way a deployment reports them: `[LOG] 'text' 1`. The client
 * requires the `[LEVEL] ` prefix and prints the rest (convex/src/browser/logging.ts,
 * `logForFunction`); strings are quoted like Node's inspect does.
 */
export function formatLogLine(level: LogLevel, args: readonly unknown[]): string {
  const body = args.map(formatArg).join(" ");
  const line = `[${level}] ${body}`;
  if (line.length <= MAX_LOG_LINE_LENGTH) {
    return line;
  }
  return `${line.slice(0, MAX_LOG_LINE_LENGTH)} (truncated due to length)`;
}

/** Collects one call's log lines, bounded by `MAX_LOG_LINES_PER_CALL`. */
export class LogLineBuffer {
  private readonly lines: string[] = [];
  private overflowed = false;

  /** Adds a line unless the cap was reached; the overflow notice is added once. */
  push(line: string): void {
    if (this.lines.length < MAX_LOG_LINES_PER_CALL) {
      this.lines.push(line);
    } else if (!this.overflowed) {
      this.overflowed = true;
      this.lines.push(LOG_OVERFLOW_LINE);
    }
  }

  /** A copy of the lines collected so far. */
  snapshot(): string[] {
    return [...this.lines];
  }
}
