import { parseArgs } from "node:util";

/** Options the CLI was started with. */
export interface CliOptions {
  readonly functionsDir: string;
  readonly port: number;
  readonly host: string;
  readonly dataFile: string | undefined;
  readonly quiet: boolean;
  readonly json: boolean;
  readonly pingIntervalMs: number | undefined;
  /** Stop when stdin closes: a parent process that dies cannot leave the backend running. */
  readonly exitOnStdinClose: boolean;
}

/** The parse result: options to run with, a request for help or the version, or a usage error. */
export type CliParse =
  | { kind: "run"; options: CliOptions }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "error"; message: string };

/** The `--help` text. */
export const USAGE = `Usage: convex-lens-backend --functions <dir> [options]

An offline Convex backend: serves a Convex functions directory over Convex's real
wire protocol, so the official convex clients work against it unchanged.

Options:
  --functions, -f <dir>   The app's Convex functions directory (e.g. ./convex). Required.
  --port, -p <port>       Port to listen on (default 3210; 0 picks a free port).
  --host <host>           Interface to bind (default 127.0.0.1).
  --data <file>           Load a data snapshot on start and save it on exit.
  --quiet, -q             Do not print functions' console output or request details.
  --json                  Print one machine-readable JSON line when ready (for tools and tests).
  --ping-interval-ms <n>  WebSocket ping period (default 15000).
  --exit-on-stdin-close   Shut down when stdin closes (for tools that spawn the backend).
  --version               Print the version.
  --help, -h              Show this help.

Admin API (faults, status, export): see GET /_lens/status on the running backend.`;

function integer(value: string, name: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(value)) {
    return `${name} must be a whole number, got "${value}"`;
  }
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    return `${name} must be between ${min} and ${max}, got ${parsed}`;
  }
  return parsed;
}

/** Parses command-line arguments (without the node and script paths). Never throws. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        functions: { type: "string", short: "f" },
        port: { type: "string", short: "p" },
        host: { type: "string" },
        data: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        json: { type: "boolean" },
        "ping-interval-ms": { type: "string" },
        "exit-on-stdin-close": { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) {
    return { kind: "help" };
  }
  if (values.version) {
    return { kind: "version" };
  }
  const functionsDir = values.functions;
  if (typeof functionsDir !== "string" || functionsDir === "") {
    return {
      kind: "error",
      message: "--functions <dir> is required (the app's convex/ directory)",
    };
  }
  const port = integer(typeof values.port === "string" ? values.port : "3210", "--port", 0, 65535);
  if (typeof port === "string") {
    return { kind: "error", message: port };
  }
  let pingIntervalMs: number | undefined;
  if (typeof values["ping-interval-ms"] === "string") {
    const parsed = integer(values["ping-interval-ms"], "--ping-interval-ms", 10, 3_600_000);
    if (typeof parsed === "string") {
      return { kind: "error", message: parsed };
    }
    pingIntervalMs = parsed;
  }
  const host = typeof values.host === "string" ? values.host : "127.0.0.1";
  if (host === "") {
    return { kind: "error", message: "--host must not be empty" };
  }
  return {
    kind: "run",
    options: {
      functionsDir,
      port,
      host,
      dataFile: typeof values.data === "string" && values.data !== "" ? values.data : undefined,
      quiet: values.quiet === true,
      json: values.json === true,
      pingIntervalMs,
      exitOnStdinClose: values["exit-on-stdin-close"] === true,
    },
  };
}
