/** Where the backend reports what it does; the CLI prints it, tests capture it. */
export interface BackendLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Discards everything. */
export const silentLogger: BackendLogger = {
  info() {},
  warn() {},
  error() {},
};

/**
 * Writes to stderr (info too, so stdout stays free for the CLI's machine-readable lines).
 * Uses the stream directly, never `console`, which the backend replaces to capture function logs.
 */
export function stderrLogger(options: { quiet?: boolean } = {}): BackendLogger {
  const write = (text: string) => {
    process.stderr.write(`${text}\n`);
  };
  return {
    info(message) {
      if (!options.quiet) {
        write(message);
      }
    },
    warn(message) {
      write(`warning: ${message}`);
    },
    error(message) {
      write(`error: ${message}`);
    },
  };
}
