import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BackendError } from "./backendError.js";
import { parseCliArgs, USAGE } from "./cliArgs.js";
import { PACKAGE_DIR } from "./convexPackagePlugin.js";
import { stderrLogger } from "./logger.js";
import { type LocalBackend, startLocalBackend } from "./server.js";

function version(): string {
  try {
    return (
      JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "unknown";
  }
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Runs the `convex-lens-backend` command. Exit codes: 0 after a graceful stop, 1 when the
 * backend cannot start, 2 for usage errors.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    out(USAGE);
    return;
  }
  if (parsed.kind === "version") {
    out(version());
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(
      `convex-lens-backend: ${parsed.message}\nRun convex-lens-backend --help for usage.\n`,
    );
    process.exitCode = 2;
    return;
  }
  const options = parsed.options;
  const logger = stderrLogger({ quiet: options.quiet });
  // User code can throw from a stray timer or leave a promise unhandled; a deployment would log
  // it and keep serving everyone else, and so does this process.
  process.on("unhandledRejection", (reason) =>
    logger.error(`unhandled rejection: ${String(reason)}`),
  );
  process.on("uncaughtException", (error) =>
    logger.error(`uncaught exception: ${error.stack ?? error.message}`),
  );

  let backend: LocalBackend;
  try {
    backend = await startLocalBackend({
      functionsDir: options.functionsDir,
      port: options.port,
      host: options.host,
      dataFile: options.dataFile,
      pingIntervalMs: options.pingIntervalMs,
      fetchTimeoutMs: options.fetchTimeoutMs,
      maxStorageBytes: options.maxStorageBytes,
      runCrons: options.crons,
      ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
      allowedOrigins: options.allowedOrigins,
      logger,
      echoFunctionLogs: !options.quiet,
    });
  } catch (error) {
    const code = error instanceof BackendError ? error.code : "InternalError";
    const message = error instanceof Error ? error.message : String(error);
    if (options.json) {
      out(JSON.stringify({ event: "error", code, message }));
    }
    process.stderr.write(`convex-lens-backend: ${message}\n`);
    process.exitCode = 1;
    return;
  }

  if (options.json) {
    out(
      JSON.stringify({
        event: "ready",
        url: backend.url,
        port: backend.port,
        pid: process.pid,
        adminToken: backend.adminToken,
      }),
    );
  } else {
    const count = backend.functions().length;
    out("Convex Lens local backend is running.");
    out(`  Deployment URL: ${backend.url}`);
    out(`  Functions:      ${backend.status().functionsDir} (${count} functions)`);
    out(`  HTTP actions:   ${backend.url} (the app's http.ts routes, if any)`);
    out(`  Admin API:      ${backend.url}/_lens/status (from this machine, with the token)`);
    out(`  Send it as Authorization: Bearer <token>; admin token: ${backend.adminToken}`);
    if (options.dataFile !== undefined) {
      out(`  Data file:      ${options.dataFile}`);
    }
    // convex-js's URL check (validateDeploymentUrl, convex >= 1.17) accepts any http(s) URL
    // except *.convex.site, so an app needs this URL and no client option.
    out(
      `Point a client at it: new ConvexReactClient("${backend.url}"), e.g. VITE_CONVEX_URL=${backend.url}`,
    );
    out("Press Ctrl+C to stop.");
  }

  // Every way a terminal stops a process saves first. Ctrl+C reaches the whole process group, so
  // a wrapper like `pnpm start` may pass the same stop on: a second signal must not cut the save
  // short. Acknowledged writes are on disk already (see SnapshotSaver); the final save adds the
  // ones nobody waited for. Only a third signal exits at once.
  let signals = 0;
  const stop = (signal: string) => {
    if (signal === "stdin closed" && signals > 0) return;
    signals++;
    if (signals === 2) {
      logger.warn(`${signal} again: still saving; send it once more to exit at once`);
      return;
    }
    if (signals > 2) {
      logger.warn(`${signal} a third time: exiting without the final save`);
      process.exit(1);
    }
    logger.info(`${signal}: saving and shutting down`);
    backend.close().then(
      () => {
        if (options.json) {
          out(JSON.stringify({ event: "stopped" }));
        }
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  // A closed terminal makes writes to it fail; that must not end the process before it saves.
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => stop(signal));
  }
  if (options.exitOnStdinClose) {
    process.stdin.on("end", () => stop("stdin closed"));
    process.stdin.on("error", () => stop("stdin closed"));
    process.stdin.resume();
  }
}
