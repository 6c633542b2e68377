import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { checkAdminAccess } from "./adminAccess.js";
import { type AdminTarget, handleAdminApi } from "./adminApi.js";
import { adminTokenProblem, newAdminToken } from "./adminToken.js";
import { BackendError } from "./backendError.js";
import type { BackendServices, MutationAnswer } from "./backendServices.js";
import { type BackendCounters, newCounters } from "./backendStats.js";
import type { JsonValue } from "./clientMessage.js";
import { ClientSessions } from "./clientSessions.js";
import { applyCors } from "./cors.js";
import { type CronJobStatus, CronRunner } from "./cronRunner.js";
import { readDataFile, writeDataFile } from "./dataFile.js";
import { ExecutionLog } from "./executionLog.js";
import { type FaultConfig, FaultController } from "./faults.js";
import type { RegisteredFunction } from "./functionRegistry.js";
import { handleHttpAction } from "./httpActionApi.js";
import { handleFunctionApi, isFunctionApiPath } from "./httpApi.js";
import { sendError } from "./httpResponse.js";
import { type BackendLogger, silentLogger } from "./logger.js";
import { MemoryBudget } from "./memoryBudget.js";
import { loadFunctions } from "./moduleLoader.js";
import { DEFAULT_DEDUPE_CAPACITY, MutationDedupe } from "./mutationDedupe.js";
import { MAX_BODY_BYTES } from "./requestBody.js";
import { Runtime } from "./runtime.js";
import { SnapshotSaver } from "./snapshotSaver.js";
import { isAllowedSocketOrigin, normalizeAllowedOrigin } from "./socketOrigin.js";
import { handleStorageApi, isStoragePath } from "./storageApi.js";
import { SubscriptionEngine } from "./subscriptionEngine.js";
import { DEFAULT_SYNC_SESSION_OPTIONS, SyncSession } from "./syncSession.js";

/** Options for `startLocalBackend`. */
export interface LocalBackendOptions {
  /** A Convex functions directory (the app's `convex/`). */
  readonly functionsDir: string;
  /** Port to listen on; 0 picks a free one. Default 3210, like `npx convex dev`'s local backend. */
  readonly port?: number;
  /** Interface to bind. Default 127.0.0.1, so the backend is not reachable from the network. */
  readonly host?: string;
  /**
   * A snapshot file loaded on start. Every acknowledged write is in it: a mutation or action is
   * answered only once the commits it made are saved (see `SnapshotSaver`), and it is saved on close.
   */
  readonly dataFile?: string;
  /** Ping period on WebSockets; default 15 s as on a deployment. */
  readonly pingIntervalMs?: number;
  /** Where the backend reports what it does; silent by default. */
  readonly logger?: BackendLogger;
  /** Echo functions' console output to the logger (the CLI does, unless --quiet). */
  readonly echoFunctionLogs?: boolean;
  /** Random source for fault injection; injectable for deterministic tests. */
  readonly random?: () => number;
  /** How many mutation outcomes to remember for exactly-once delivery. */
  readonly dedupeCapacity?: number;
  /** Most WebSockets open at once. */
  readonly maxConnections?: number;
  /** Most plain HTTP connections open at once, besides the WebSockets; default 1,000. */
  readonly maxHttpConnections?: number;
  /** How long a client may take to send a request's headers; default 10 s. */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, body included; default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Most bytes of client data (waiting messages, subscribed queries) one WebSocket may hold; default 64 MiB. */
  readonly maxConnectionMemoryBytes?: number;
  /** Most bytes of client data all WebSockets together may hold; default 512 MiB. */
  readonly maxClientMemoryBytes?: number;
  /** How soon a write nobody waits for (a scheduled function, a cron) is saved; default 200 ms. */
  readonly autosaveDelayMs?: number;
  /** How long a function's `fetch` waits for a response before failing; default 10 s. */
  readonly fetchTimeoutMs?: number;
  /** Most bytes of stored files kept (in memory, and under the data file); default 256 MiB. */
  readonly maxStorageBytes?: number;
  /** Function executions kept for `GET /_lens/executions`; default 1,000 (executionLog.ts). */
  readonly maxExecutionEvents?: number;
  /** Run the app's cron jobs (default true). */
  readonly runCrons?: boolean;
  /**
   * The token the admin API (`/_lens/*`) requires as `Authorization: Bearer <token>`; default a
   * random one per start, readable as `LocalBackend.adminToken`.
   */
  readonly adminToken?: string;
  /**
   * Origins besides this machine's whose pages may open sync WebSockets (`"*"` for any). Pages on
   * localhost (any port) and clients that send no Origin, such as Node's `ws`, are always allowed.
   */
  readonly allowedOrigins?: readonly string[];
}

/** What `/_lens/status` reports. */
export interface BackendStatus {
  readonly url: string;
  readonly functionsDir: string;
  readonly uptimeMs: number;
  readonly connections: number;
  readonly sessions: number;
  readonly subscriptions: number;
  readonly functions: number;
  readonly counters: BackendCounters;
  readonly faults: FaultConfig & { readonly delayedCalls: number; readonly injectedErrors: number };
  readonly reactivity: {
    readonly passes: number;
    readonly reruns: number;
    readonly commits: number;
  };
  readonly rememberedMutations: number;
  readonly storage: { readonly files: number; readonly bytes: number; readonly maxBytes: number };
  readonly crons: CronJobStatus[];
}

/** What `/_lens/export` returns: every table, documents in the Convex JSON encoding. */
export interface ExportedData {
  readonly tables: Record<string, JsonValue[]>;
}

/** A running local backend. */
export interface LocalBackend {
  /** The URL to give a Convex client (`new ConvexClient(url)`; a local http URL needs no option). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** What the admin API (`/_lens/*`) requires as `Authorization: Bearer <token>`. */
  readonly adminToken: string;
  /** Fault injection, the same controls as `/_lens/faults`. */
  readonly faults: FaultController;
  /** Drops every WebSocket now, as a network failure would; returns how many. */
  dropAllSockets(): number;
  status(): BackendStatus;
  exportData(): ExportedData;
  /** The app's functions and their visibility. */
  functions(): RegisteredFunction[];
  /** Writes the data file now (no-op without one). */
  saveData(): Promise<void>;
  /** Closes sockets and the server, saves the data file, removes the bundle. */
  close(): Promise<void>;
}

/** Default port, matching the port `npx convex dev` uses for a local deployment. */
export const DEFAULT_PORT = 3210;

/** Default time a client has to send a request's headers. */
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** Default bind address: loopback only. */
export const DEFAULT_HOST = "127.0.0.1";

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") {
    return "127.0.0.1";
  }
  return host.includes(":") ? `[${host}]` : host;
}

function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(
          new BackendError(
            "PortInUse",
            `Port ${port} is already in use on ${host}. Stop the other process or pick another port with --port.`,
          ),
        );
      } else {
        reject(
          new BackendError("ListenFailed", `Could not listen on ${host}:${port}: ${error.message}`),
        );
      }
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Starts an offline Convex backend serving `functionsDir`: the WebSocket sync protocol at
 * `/api/<version>/sync`, the HTTP function API, and the `/_lens/*` admin API.
 */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? DEFAULT_HOST;
  const requestedPort = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new BackendError(
      "InvalidOption",
      `port must be an integer from 0 to 65535, got ${requestedPort}`,
    );
  }
  const adminToken = options.adminToken ?? newAdminToken();
  const tokenProblem = adminTokenProblem(adminToken);
  if (tokenProblem !== null) {
    throw new BackendError("InvalidOption", tokenProblem);
  }
  const allowedOrigins: string[] = [];
  for (const origin of options.allowedOrigins ?? []) {
    const normalized = normalizeAllowedOrigin(origin);
    if (normalized === null) {
      throw new BackendError("InvalidOption", `allowedOrigins: "${origin}" is not an origin or *`);
    }
    allowedOrigins.push(normalized);
  }
  const startedAt = Date.now();
  const functions = await loadFunctions(options.functionsDir);
  for (const warning of functions.warnings) {
    logger.warn(warning);
  }

  let engine: SubscriptionEngine | undefined;
  let commits = 0;
  // Set once the runtime exists; commits before then (none) need no save.
  let saver: SnapshotSaver | undefined;
  const prefixes: Record<string, string> = { query: "Q", mutation: "M", action: "A", http: "H" };
  const executions = new ExecutionLog(options.maxExecutionEvents);
  const runtime = await Runtime.create(
    functions,
    {
      onCommit(tables) {
        commits++;
        if (tables.size > 0) {
          saver?.noteCommit();
        }
        engine?.noteCommit(tables);
      },
      onLogLine(kind, udfPath, line) {
        if (options.echoFunctionLogs) {
          logger.info(`[CONVEX ${prefixes[kind] ?? "?"}(${udfPath})] ${line}`);
        }
      },
      onExecution: (execution) => executions.record(execution),
    },
    {
      ...(options.fetchTimeoutMs === undefined ? {} : { fetchTimeoutMs: options.fetchTimeoutMs }),
      ...(options.maxStorageBytes === undefined
        ? {}
        : { maxStorageBytes: options.maxStorageBytes }),
    },
  );
  const faults = new FaultController(options.random);
  engine = new SubscriptionEngine(
    runtime,
    (error) => logger.error(`re-running queries failed: ${String(error)}`),
    undefined,
    faults,
  );

  if (options.dataFile !== undefined) {
    const snapshot = await readDataFile(options.dataFile);
    if (snapshot === null) {
      logger.info(
        `No data file at ${options.dataFile} yet; starting empty and saving there on exit.`,
      );
    } else {
      for (const warning of snapshot.warnings) {
        logger.warn(warning);
      }
      runtime.importSnapshot(snapshot.tables, snapshot.files);
      const count = Object.values(snapshot.tables).reduce((sum, docs) => sum + docs.length, 0);
      logger.info(`Loaded ${count} documents from ${options.dataFile}.`);
    }
  }

  const crons = new CronRunner(
    options.runCrons === false ? [] : functions.cronJobs,
    (udfPath, args) => runtime.runAsSystem(udfPath, args),
    (job, message) => logger.warn(`cron job "${job.name}" (${job.udfPath}) failed: ${message}`),
  );
  const counters = newCounters();
  const services: BackendServices = {
    runtime,
    engine,
    faults,
    dedupe: new MutationDedupe<MutationAnswer>(options.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY),
    sessions: new ClientSessions(),
    clientMemory: new MemoryBudget(options.maxClientMemoryBytes),
    counters,
    logger,
    persisted: () => saver?.flush() ?? Promise.resolve(),
  };
  const sessionOptions = {
    ...DEFAULT_SYNC_SESSION_OPTIONS,
    ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
    ...(options.maxConnectionMemoryBytes === undefined
      ? {}
      : { maxConnectionBytes: options.maxConnectionMemoryBytes }),
  };
  const maxConnections = options.maxConnections ?? 1_000;
  const sockets = new Set<SyncSession>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    clientTracking: false,
  });

  const dropAllSockets = (): number => {
    const count = sockets.size;
    for (const socket of sockets) {
      socket.drop();
    }
    counters.socketsDropped += count;
    return count;
  };

  let url = "";
  const status = (): BackendStatus => ({
    url,
    functionsDir: functions.dir,
    uptimeMs: Date.now() - startedAt,
    connections: sockets.size,
    sessions: services.sessions.size,
    subscriptions: services.engine.size,
    functions: functions.registry.list().length,
    counters: { ...counters },
    faults: { ...faults.get(), ...faults.counts },
    reactivity: { ...services.engine.counts, commits },
    rememberedMutations: services.dedupe.size,
    storage: {
      files: runtime.storedFileCount(),
      bytes: runtime.storedBytes(),
      maxBytes: runtime.maxStorageBytes,
    },
    crons: crons.list(),
  });
  const exportData = (): ExportedData => ({ tables: runtime.exportTables() });
  const admin: AdminTarget = {
    faults,
    dropAllSockets,
    status,
    exportData,
    functions: () => functions.registry.list(),
    executions,
  };

  // Refused during an outage: cut at the TCP level, so `fetch` fails like a network error.
  const refuse = (req: IncomingMessage): boolean => {
    if (!faults.get().refuseConnections) {
      return false;
    }
    counters.httpRequestsRefused++;
    req.socket.destroy();
    return true;
  };

  // Order matters: the backend's own endpoints first (the function API, file storage, the
  // admin API), then the app's HTTP actions for every other path, so neither shadows the other.
  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? "/", "http://localhost");
    const pathname = requestUrl.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    if (pathname === "/_lens" || pathname.startsWith("/_lens/")) {
      applyCors(req, res, "admin");
      const refusal = checkAdminAccess(
        req,
        { token: adminToken, boundHost: host },
        method !== "OPTIONS",
      );
      if (refusal !== null) {
        req.resume();
        if (refusal.status === 401) {
          res.setHeader("WWW-Authenticate", 'Bearer realm="convex-lens-admin"');
        }
        sendError(res, refusal.status, refusal.code, refusal.message);
        return;
      }
      if (method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
      await handleAdminApi(admin, req, res, pathname);
      return;
    }
    const ours = isFunctionApiPath(pathname) || isStoragePath(pathname) || SYNC_PATH.test(pathname);
    if (!ours && runtime.routesHttp(pathname, method)) {
      if (!refuse(req)) {
        await handleHttpAction(services, req, res, requestUrl);
      }
      return;
    }
    if (pathname.startsWith("/api/")) {
      if (refuse(req)) {
        return;
      }
      applyCors(req, res, "api");
      if (method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
      if (isStoragePath(pathname)) {
        await handleStorageApi(services, req, res, requestUrl);
      } else {
        await handleFunctionApi(services, req, res, pathname);
      }
      return;
    }
    if (pathname === "/" && (method === "GET" || method === "HEAD")) {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(
        `This is a Convex Lens local backend serving ${functions.dir}.\nPoint a Convex client at ${url}\n`,
      );
      return;
    }
    sendError(res, 404, "NotFound", `No such endpoint: ${pathname.slice(0, 100)}`);
  };

  // Slowloris: clients that open connections and never finish a request would otherwise hold
  // them for a minute each, without limit. Node checks these timeouts every
  // `connectionsCheckingInterval`, so that is kept well under the headers timeout.
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? 60_000),
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 4)),
    },
    (req, res) => {
      handleRequest(req, res).catch((error: unknown) => {
        logger.error(`request to ${req.url} failed: ${String(error)}`);
        sendError(res, 500, "InternalServerError", "The local backend hit an internal error.");
      });
    },
  );
  // Upgraded sockets stay counted by the server, so the cap covers both kinds; beyond it Node
  // closes new connections at once instead of letting them queue.
  server.maxConnections = maxConnections + (options.maxHttpConnections ?? 1_000);
  server.on("clientError", (_error, socket) => socket.destroy());
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!SYNC_PATH.test(pathname)) {
      rejectUpgrade(socket, "404 Not Found");
      return;
    }
    if (!isAllowedSocketOrigin(req.headers.origin, allowedOrigins)) {
      counters.connectionsRefused++;
      logger.warn(
        `refusing a WebSocket from ${String(req.headers.origin).slice(0, 100)}: origin not allowed`,
      );
      rejectUpgrade(socket, "403 Forbidden");
      return;
    }
    if (faults.get().refuseConnections) {
      counters.connectionsRefused++;
      rejectUpgrade(socket, "503 Service Unavailable");
      return;
    }
    if (sockets.size >= maxConnections) {
      logger.warn(`refusing a WebSocket: already ${maxConnections} open`);
      rejectUpgrade(socket, "503 Service Unavailable");
      return;
    }
    const accept = () =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new SyncSession(ws, services, sessionOptions, (closed) =>
          sockets.delete(closed),
        );
        sockets.add(session);
      });
    // An injected slow connect holds the upgrade; a socket the client gave up on is not accepted.
    const { connectDelayMs } = faults.get();
    if (connectDelayMs > 0) {
      setTimeout(() => {
        if (!socket.destroyed) accept();
      }, connectDelayMs).unref();
    } else accept();
  });

  let dropTimer: NodeJS.Timeout | undefined;
  faults.onChange((config) => {
    if (dropTimer !== undefined) {
      clearInterval(dropTimer);
      dropTimer = undefined;
    }
    if (config.dropSocketsEveryMs !== null) {
      dropTimer = setInterval(dropAllSockets, config.dropSocketsEveryMs);
      dropTimer.unref();
    }
    if (config.refuseConnections) {
      dropAllSockets();
    }
    // Subscriptions failed by injected errors heal (or newly delay) on the next pass.
    services.engine.requestPass();
    logger.info(`faults: ${JSON.stringify(config)}`);
  });

  const saveData = async () => {
    if (options.dataFile === undefined) {
      return;
    }
    await writeDataFile(options.dataFile, {
      tables: runtime.exportTables(),
      files: await runtime.exportFiles(),
    });
  };
  if (options.dataFile !== undefined) {
    saver = new SnapshotSaver(
      saveData,
      (error) =>
        logger.error(
          `saving ${options.dataFile} failed: ${String(error)}; the latest writes are only in memory until a save succeeds`,
        ),
      options.autosaveDelayMs ?? 200,
    );
  }

  let port: number;
  try {
    port = await listen(server, requestedPort, host);
  } catch (error) {
    engine.close();
    saver?.close();
    await functions.dispose();
    throw error;
  }
  url = `http://${displayHost(host)}:${port}`;
  runtime.setDeploymentUrl(url);
  crons.start();
  const resumed = runtime.resumeScheduledFunctions();
  counters.resumedScheduledFunctions = resumed.count;
  if (resumed.count > 0) {
    logger.info(`Resuming ${resumed.count} scheduled functions from ${options.dataFile}.`);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      crons.close();
      resumed.cancel();
      saver?.close();
      clearInterval(dropTimer);
      services.engine.close();
      for (const socket of sockets) {
        socket.close(1001, "The local backend is shutting down");
      }
      if (sockets.size > 0) {
        // Give clients a moment to answer the close frame, then cut whoever did not.
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const socket of sockets) {
          socket.drop();
        }
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      try {
        // A save under way finishes first, so the final one below is the newest on disk.
        await saver?.flush();
        await saveData();
      } finally {
        await functions.dispose();
      }
    })();
    return closing;
  };

  return {
    url,
    port,
    host,
    adminToken,
    faults,
    dropAllSockets,
    status,
    exportData,
    functions: () => functions.registry.list(),
    saveData,
    close,
  };
}
