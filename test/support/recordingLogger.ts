import { format } from "node:util";

/** A Convex client logger that keeps what it is told instead of printing it. */
export interface RecordingLogger {
  readonly lines: string[];
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  logVerbose(...args: unknown[]): void;
}

/**
 * Creates a logger for `new ConvexClient(url, { logger })`. Lines are formatted like the console
 * would (`%c` styling markers removed), so tests can look for `[CONVEX M(path)] [LOG] …`.
 */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (typeof first === "string" && first.includes("%c")) {
      lines.push(format(first.replaceAll("%c", ""), ...rest.slice(1)));
    } else {
      lines.push(format(...args));
    }
  };
  return { lines, log: record, warn: record, error: record, logVerbose: () => {} };
}

/**
 * A Convex client logger that prints nothing: for `{ logger: quiet }` where a test provokes
 * failures on purpose and the client's own line for each would only bury the test's output.
 */
export const quiet = { log() {}, warn() {}, error() {}, logVerbose() {} };
