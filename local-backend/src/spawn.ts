import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BackendError, type BackendErrorCode } from "./backendError.js";
import type { FaultConfig, FaultPatch } from "./faults.js";
import type { BackendStatus, ExportedData } from "./server.js";

/** The CLI entry point; runs the compiled dist/ (build the package first). */
// import.meta.dirname, not `new URL(..., import.meta.url)`: test environments such as happy-dom
// replace the global URL class, which node:url's fileURLToPath then rejects.
export const LOCAL_BACKEND_BIN = join(import.meta.dirname, "../bin/convex-lens-backend.js");

/** Options for `spawnLocalBackend`. */
export interface SpawnLocalBackendOptions {
  readonly functionsDir: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly dataFile?: string;
  readonly pingIntervalMs?: number;
  /** How long a function's `fetch` waits for a response (`--fetch-timeout-ms`). */
  readonly fetchTimeoutMs?: number;
  /** Cap on stored files in MiB (`--max-storage-mb`). */
  readonly maxStorageMb?: number;
  /** Run the app's cron jobs (default true). */
  readonly crons?: boolean;
  /** The admin API's token (`--admin-token`); default a random one the child picks. */
  readonly adminToken?: string;
  /** Origins besides this machine's whose pages may open sync sockets (`--allow-origin`). */
  readonly allowedOrigins?: readonly string[];
  /** Suppress the child's function logs (default true). */
  readonly quiet?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the ready line; default 30 s. */
  readonly startupTimeoutMs?: number;
  /** Sees every line the child prints. */
  readonly onOutput?: (line: string, stream: "stdout" | "stderr") => void;
}

/** A local backend running in a child process, driven through its admin API. */
export interface SpawnedLocalBackend {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** What the admin API requires as `Authorization: Bearer <token>`, from the ready line. */
  readonly adminToken: string;
  /** Resolves with the exit code when the child exits. */
  readonly exited: Promise<number | null>;
  setFaults(patch: FaultPatch): Promise<FaultConfig>;
  clearFaults(): Promise<FaultConfig>;
  getFaults(): Promise<FaultConfig>;
  /** Drops every WebSocket now; resolves with how many. */
  dropSockets(): Promise<number>;
  status(): Promise<BackendStatus>;
  exportData(): Promise<ExportedData>;
  /** The child's last output lines (bounded), for diagnosing failures. */
  recentOutput(): string[];
  /** SIGTERM (graceful: saves the data file), then SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

const MAX_OUTPUT_LINES = 200;

function cliArgs(options: SpawnLocalBackendOptions): string[] {
  const args = [
    LOCAL_BACKEND_BIN,
    "--functions",
    options.functionsDir,
    "--port",
    String(options.port ?? 0),
    "--json",
    "--exit-on-stdin-close",
  ];
  if (options.host !== undefined) {
    args.push("--host", options.host);
  }
  if (options.dataFile !== undefined) {
    args.push("--data", options.dataFile);
  }
  if (options.pingIntervalMs !== undefined) {
    args.push("--ping-interval-ms", String(options.pingIntervalMs));
  }
  if (options.fetchTimeoutMs !== undefined) {
    args.push("--fetch-timeout-ms", String(options.fetchTimeoutMs));
  }
  if (options.maxStorageMb !== undefined) {
    args.push("--max-storage-mb", String(options.maxStorageMb));
  }
  if (options.crons === false) {
    args.push("--no-crons");
  }
  if (options.adminToken !== undefined) {
    args.push("--admin-token", options.adminToken);
  }
  for (const origin of options.allowedOrigins ?? []) {
    args.push("--allow-origin", origin);
  }
  if (options.quiet ?? true) {
    args.push("--quiet");
  }
  return args;
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.once("exit", (code) => resolve(code));
  });
}

/**
 * Runs the backend CLI in a child process and resolves once it is listening. convex-test
 * installs global proxies (setTimeout, Math, console, …), so the backend must not share a
 * process with client code under test; this keeps it out.
 */
export async function spawnLocalBackend(
  options: SpawnLocalBackendOptions,
): Promise<SpawnedLocalBackend> {
  const child = spawn(process.execPath, cliArgs(options), {
    env: { ...process.env, ...options.env },
    // stdin is a lifeline: if this process dies without stopping the child, the pipe closes and
    // the child shuts itself down instead of lingering.
    stdio: ["pipe", "pipe", "pipe"],
  });
  const output: string[] = [];
  const remember = (line: string, stream: "stdout" | "stderr") => {
    output.push(line);
    if (output.length > MAX_OUTPUT_LINES) {
      output.shift();
    }
    options.onOutput?.(line, stream);
  };
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = waitForExit(child).then((code) => {
    process.off("exit", killOnExit);
    return code;
  });

  const ready = new Promise<{ url: string; port: number; adminToken: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(
          new BackendError(
            "SpawnFailed",
            `the local backend did not get ready within ${options.startupTimeoutMs ?? 30_000} ms:\n${output.join("\n")}`,
          ),
        );
      }, options.startupTimeoutMs ?? 30_000);
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (line) =>
        remember(line, "stderr"),
      );
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        let event: {
          event?: string;
          url?: string;
          port?: number;
          adminToken?: string;
          code?: string;
          message?: string;
        } | null = null;
        if (line.startsWith("{")) {
          try {
            event = JSON.parse(line);
          } catch {
            event = null;
          }
        }
        if (
          event?.event === "ready" &&
          typeof event.url === "string" &&
          typeof event.port === "number" &&
          typeof event.adminToken === "string"
        ) {
          clearTimeout(timer);
          resolve({ url: event.url, port: event.port, adminToken: event.adminToken });
        } else if (event?.event === "error") {
          clearTimeout(timer);
          reject(
            new BackendError(
              (event.code ?? "SpawnFailed") as BackendErrorCode,
              event.message ?? line,
            ),
          );
        } else {
          remember(line, "stdout");
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(
          new BackendError(
            "SpawnFailed",
            `the local backend exited with code ${code} before it was ready:\n${output.join("\n")}`,
          ),
        );
      });
    },
  );
  const { url, port, adminToken } = await ready;

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {}
      if (response.status === 400 && path === "/_lens/faults") {
        throw new BackendError("InvalidFaultConfig", message);
      }
      throw new Error(`${method} ${path} failed with ${response.status}: ${message}`);
    }
    return JSON.parse(text) as T;
  };

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    pid: child.pid ?? -1,
    adminToken,
    exited,
    setFaults: (patch) => admin<FaultConfig>("POST", "/_lens/faults", patch),
    clearFaults: () => admin<FaultConfig>("DELETE", "/_lens/faults"),
    getFaults: () => admin<FaultConfig>("GET", "/_lens/faults"),
    dropSockets: async () =>
      (await admin<{ dropped: number }>("POST", "/_lens/faults/drop-sockets")).dropped,
    status: () => admin<BackendStatus>("GET", "/_lens/status"),
    exportData: () => admin<ExportedData>("GET", "/_lens/export"),
    recentOutput: () => [...output],
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return;
        }
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
