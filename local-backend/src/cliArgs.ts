import { parseArgs } from "node:util";
import { adminTokenProblem } from "./adminToken.js";
import { normalizeAllowedOrigin } from "./socketOrigin.js";

/** Options the CLI was started with. */
export interface CliOptions {
  readonly functionsDir: string;
  readonly port: number;
  readonly host: string;
  readonly dataFile: string | undefined;
  readonly quiet: boolean;
  readonly json: boolean;
  readonly pingIntervalMs: number | undefined;
  /** How long a function's `fetch` may wait for a response. */
  readonly fetchTimeoutMs: number | undefined;
  /** Cap on stored files, in bytes. */
  readonly maxStorageBytes: number | undefined;
  /** Run the app's cron jobs. */
  readonly crons: boolean;
  /** Stop when stdin closes: a parent process that dies cannot leave the backend running. */
  readonly exitOnStdinClose: boolean;
  /** The admin API's token (`--admin-token`); undefined for a random one per start. */
  readonly adminToken: string | undefined;
  /** Origins besides this machine's whose pages may open sync sockets (`--allow-origin`). */
  readonly allowedOrigins: readonly string[];
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
  --fetch-timeout-ms <n>  How long a function's fetch waits for a response before it fails
                          (default 10000): offline, external services may never answer.
  --max-storage-mb <n>    Total size of stored files kept (default 256).
  --no-crons              Do not run the app's cron jobs (crons.ts).
  --admin-token <token>   The token the admin API requires (default: a random one per start,
                          printed as "admin token: <token>"). 16-256 characters.
  --allow-origin <origin> Also let pages on <origin> open sync WebSockets (repeatable; "*" for
                          any). Pages on localhost and non-browser clients are always allowed.
  --exit-on-stdin-close   Shut down when stdin closes (for tools that spawn the backend).
  --version               Print the version.
  --help, -h              Show this help.

Admin API (faults, status, export): GET /_lens/status on the running backend, sending
"Authorization: Bearer <admin token>" from this machine.`;

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
  let values: Record<string, string | boolean | string[] | undefined>;
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
        "fetch-timeout-ms": { type: "string" },
        "max-storage-mb": { type: "string" },
        "no-crons": { type: "boolean" },
        "exit-on-stdin-close": { type: "boolean" },
        "admin-token": { type: "string" },
        "allow-origin": { type: "string", multiple: true },
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
  let fetchTimeoutMs: number | undefined;
  if (typeof values["fetch-timeout-ms"] === "string") {
    const parsed = integer(values["fetch-timeout-ms"], "--fetch-timeout-ms", 1, 600_000);
    if (typeof parsed === "string") {
      return { kind: "error", message: parsed };
    }
    fetchTimeoutMs = parsed;
  }
  let maxStorageBytes: number | undefined;
  if (typeof values["max-storage-mb"] === "string") {
    const parsed = integer(values["max-storage-mb"], "--max-storage-mb", 0, 64 * 1024);
    if (typeof parsed === "string") {
      return { kind: "error", message: parsed };
    }
    maxStorageBytes = parsed * 1024 * 1024;
  }
  const adminToken = typeof values["admin-token"] === "string" ? values["admin-token"] : undefined;
  const tokenProblem = adminToken === undefined ? null : adminTokenProblem(adminToken);
  if (tokenProblem !== null) {
    return { kind: "error", message: `--admin-token: ${tokenProblem}` };
  }
  const allowedOrigins: string[] = [];
  for (const origin of Array.isArray(values["allow-origin"]) ? values["allow-origin"] : []) {
    const normalized = normalizeAllowedOrigin(origin);
    if (normalized === null) {
      return {
        kind: "error",
        message: `--allow-origin must be an origin like https://app.example:8443 or *, got "${origin}"`,
      };
    }
    allowedOrigins.push(normalized);
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
      fetchTimeoutMs,
      maxStorageBytes,
      crons: values["no-crons"] !== true,
      exitOnStdinClose: values["exit-on-stdin-close"] === true,
      adminToken,
      allowedOrigins,
    },
  };
}
