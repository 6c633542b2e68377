import { clearTimeout, setTimeout } from "node:timers";
import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import { BackendError } from "./backendError.js";
import { type CallContext, newCallContext, runInCallContext } from "./callContext.js";
import type { JsonValue } from "./clientMessage.js";
import {
  type ConvexTestInstance,
  type ConvexTestRuntime,
  createConvexTestRuntime,
  type DatabaseInternals,
} from "./convexTestInternals.js";
import { counterFromId, tableFromId } from "./documentId.js";
import type { FinishedExecution } from "./executionLog.js";
import { DEFAULT_FETCH_TIMEOUT_MS, installFetchGuard } from "./externalFetch.js";
import { canonicalizeUdfPath, type FunctionKind } from "./functionRegistry.js";
import type { UserIdentity } from "./identity.js";
import { installConsoleCapture } from "./logCapture.js";
import type { LoadedFunctions } from "./moduleLoader.js";
import { decodeJournal, encodeJournal, paginationJournalMiddleware } from "./paginationJournal.js";
import { ReadSet, readTrackingMiddleware } from "./readSet.js";
import { newRequestId, serverErrorMessage, thrownErrorDetail } from "./serverErrorMessage.js";
import { StorageFullError, storageMiddleware } from "./storageSyscalls.js";
import { installSyscallMiddleware } from "./syscallMiddleware.js";
import { UploadBudget } from "./uploadBudget.js";
import { UploadTokens } from "./uploadTokens.js";

/** The result of one function call, in the shape both the sync protocol and HTTP API report. */
export type FunctionOutcome =
  | { success: true; value: JsonValue; logLines: string[] }
  | { success: false; errorMessage: string; errorData?: JsonValue; logLines: string[] };

/** One function call as a client asked for it. */
export interface ExecuteRequest {
  readonly kind: FunctionKind;
  readonly udfPath: string;
  /** The wire arguments: a one-element array holding the encoded arguments object. */
  readonly args: unknown;
  readonly identity: UserIdentity | null;
  /** Record the tables a query reads, so it is re-run only when they change. */
  readonly trackReads?: boolean;
  /**
   * A subscribed query's pagination journal (see paginationJournal.ts): null for a first run,
   * absent for calls that keep no journal (one-shot queries, mutations, actions).
   */
  readonly journal?: string | null;
}

/** An outcome, plus what the call read when asked to track reads. */
export interface Execution {
  readonly udfPath: string;
  readonly outcome: FunctionOutcome;
  readonly reads: ReadSet | null;
  /** The journal to send with this result, when the request kept one; else null. */
  readonly journal: string | null;
}

/** The bytes of one stored file, as exported to and imported from a data file. */
export interface StoredFile {
  readonly bytes: Uint8Array;
  readonly contentType?: string | undefined;
}

/** A stored file as served by the backend. */
export interface ServedFile {
  readonly blob: Blob;
  readonly contentType: string | null;
}

/** What an HTTP action produced: its response, or the error it threw. */
export type HttpActionResult =
  | { readonly ok: true; readonly response: Response; readonly logLines: string[] }
  | { readonly ok: false; readonly errorMessage: string; readonly logLines: string[] };

/** Hooks the runtime calls; both must not throw. */
export interface RuntimeHooks {
  /** After every top-level commit, with the tables it wrote (may be empty). */
  onCommit(tables: ReadonlySet<string>): void;
  /** For every captured log line: a call's lines after it answered, and detached lines. */
  onLogLine(kind: FunctionKind | "http" | "detached", udfPath: string, line: string): void;
  /** After every client call, cron job and HTTP action, with its log lines (executionLog.ts). */
  onExecution?(execution: FinishedExecution): void;
}

/** Limits of the runtime. */
export interface RuntimeOptions {
  /** How long a function's `fetch` waits for a response; default 10 s. */
  readonly fetchTimeoutMs?: number;
  /** Most bytes of stored files kept at once; default 256 MiB. */
  readonly maxStorageBytes?: number;
}

/** Default cap on the total size of stored files (they are held in memory). */
export const DEFAULT_MAX_STORAGE_BYTES = 256 * 1024 * 1024;

/** Timers longer than this are re-armed in steps (setTimeout's limit is 2^31-1 ms). */
const MAX_TIMER_MS = 2 ** 30;

type TestAccessor = ConvexTestInstance;

function decodeArgs(args: unknown): Record<string, Value> | string {
  const first = Array.isArray(args)
    ? args.length === 0
      ? {}
      : args.length === 1
        ? args[0]
        : null
    : args;
  if (typeof first !== "object" || first === null || Array.isArray(first)) {
    return "Invalid arguments: expected a single object of arguments";
  }
  try {
    return jsonToConvex(first as JsonValue) as Record<string, Value>;
  } catch (error) {
    return `Invalid arguments: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function convexErrorData(thrown: unknown): JsonValue | undefined {
  if (typeof thrown !== "object" || thrown === null || !(Symbol.for("ConvexError") in thrown)) {
    return undefined;
  }
  const data = (thrown as { data?: unknown }).data;
  try {
    return convexToJson((data === undefined ? null : data) as Value) as JsonValue;
  } catch {
    return null;
  }
}

/**
 * Runs the loaded app's functions on convex-test's in-memory runtime, adding what a deployment
 * does around a call: visibility checks, request ids and error wording, per-call console
 * capture, and read tracking for subscriptions.
 */
export class Runtime {
  private deploymentUrl: string | null = null;
  /** Tokens of the upload URLs handed out by `generateUploadUrl`. */
  readonly uploadTokens = new UploadTokens();
  /** Storage room reserved by uploads still being received, and how many may run at once. */
  readonly uploads = new UploadBudget(() => this.maxStorageBytes - this.storedBytes());

  private constructor(
    private readonly functions: LoadedFunctions,
    private readonly t: TestAccessor,
    private readonly db: DatabaseInternals,
    private readonly runScheduledJob: ConvexTestRuntime["runScheduledFunction"],
    private readonly hooks: RuntimeHooks,
    /** Most bytes of stored files kept at once. */
    readonly maxStorageBytes: number,
  ) {}

  /** Creates the runtime for a loaded functions directory. */
  static async create(
    functions: LoadedFunctions,
    hooks: RuntimeHooks,
    options: RuntimeOptions = {},
  ): Promise<Runtime> {
    installConsoleCapture();
    installFetchGuard(options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
    const { t, db, runScheduledFunction } = await createConvexTestRuntime(
      functions.schema,
      functions.modules,
      (tables) => hooks.onCommit(tables),
    );
    const runtime = new Runtime(
      functions,
      t,
      db,
      runScheduledFunction,
      hooks,
      options.maxStorageBytes ?? DEFAULT_MAX_STORAGE_BYTES,
    );
    installSyscallMiddleware([
      readTrackingMiddleware,
      paginationJournalMiddleware,
      storageMiddleware({
        deploymentUrl: () => runtime.deploymentUrl,
        issueUploadToken: () => runtime.uploadTokens.issue(),
        ensureRoom: (bytes) => runtime.ensureRoom(bytes),
      }),
    ]);
    return runtime;
  }

  /**
   * Tells the runtime where it is served, once the server listens: file URLs point there, and
   * functions see it as `process.env.CONVEX_CLOUD_URL` and `CONVEX_SITE_URL`, as on a
   * deployment (this backend serves HTTP actions on the same origin).
   */
  setDeploymentUrl(url: string): void {
    this.deploymentUrl = url;
    process.env.CONVEX_CLOUD_URL = url;
    process.env.CONVEX_SITE_URL = url;
  }

  /** The app's registered functions. */
  get registry() {
    return this.functions.registry;
  }

  /** Runs one client call. Never throws: every failure is an outcome. */
  async execute(request: ExecuteRequest): Promise<Execution> {
    const udfPath = canonicalizeUdfPath(request.udfPath);
    const requestId = newRequestId();
    const fail = (detail: string): Execution => ({
      udfPath,
      outcome: {
        success: false,
        errorMessage: serverErrorMessage(requestId, detail),
        logLines: [],
      },
      reads: null,
      journal: request.journal ?? null,
    });
    const resolved = this.functions.registry.resolveForClient(udfPath, request.kind);
    if (!resolved.ok) {
      return fail(resolved.detail);
    }
    const args = decodeArgs(request.args);
    if (typeof args === "string") {
      return fail(args);
    }
    const reads = request.trackReads ? new ReadSet() : null;
    const pagination =
      request.journal === undefined
        ? null
        : { savedEndCursor: decodeJournal(request.journal), endCursor: null };
    const context = newCallContext(
      udfPath,
      (path, line) => this.hooks.onLogLine("detached", path, line),
      reads,
      pagination,
    );
    const caller =
      request.identity === null
        ? this.t
        : this.t.withIdentity(request.identity as Record<string, unknown>);
    const reference = makeFunctionReference(udfPath);
    const startedAt = Date.now();
    let outcome: FunctionOutcome;
    try {
      const value = await runInCallContext(context, () => caller[request.kind](reference, args));
      outcome = {
        success: true,
        value: convexToJson((value === undefined ? null : value) as Value) as JsonValue,
        logLines: context.buffer.snapshot(),
      };
    } catch (thrown) {
      const errorData = convexErrorData(thrown);
      outcome = {
        success: false,
        errorMessage: serverErrorMessage(
          requestId,
          thrownErrorDetail(thrown, context.handlerEntered),
        ),
        ...(errorData === undefined ? {} : { errorData }),
        logLines: context.buffer.snapshot(),
      };
    }
    for (const line of outcome.logLines) {
      this.hooks.onLogLine(request.kind, udfPath, line);
    }
    this.hooks.onExecution?.({
      kind: request.kind,
      udfPath,
      requestId,
      startedAt,
      endedAt: Date.now(),
      ...(outcome.success ? {} : { errorMessage: outcome.errorMessage }),
      logLines: outcome.logLines,
    });
    // A failed run keeps the journal it was given, so the page keeps its end.
    const journal =
      pagination === null
        ? null
        : pagination.endCursor !== null
          ? encodeJournal(pagination.endCursor)
          : outcome.success
            ? null
            : (request.journal ?? null);
    return { udfPath, outcome, reads, journal };
  }

  /**
   * Runs a mutation or action on the backend's own behalf, as a cron job: no identity, and
   * internal functions allowed. Never throws; its log lines go to the hooks.
   */
  async runAsSystem(udfPath: string, args: Record<string, Value>): Promise<FunctionOutcome> {
    const path = canonicalizeUdfPath(udfPath);
    const fn = this.functions.registry.get(path);
    if (fn === undefined || fn.kind === "query") {
      return {
        success: false,
        errorMessage: serverErrorMessage(
          newRequestId(),
          fn === undefined
            ? `Could not find function for '${path}'`
            : `${path} is a query; only mutations and actions can be scheduled`,
        ),
        logLines: [],
      };
    }
    const context = newCallContext(path, (p, line) => this.hooks.onLogLine("detached", p, line));
    const requestId = newRequestId();
    const startedAt = Date.now();
    let outcome: FunctionOutcome;
    try {
      const value = await runInCallContext(context, () =>
        this.t[fn.kind](makeFunctionReference(path), args),
      );
      outcome = {
        success: true,
        value: convexToJson((value === undefined ? null : value) as Value) as JsonValue,
        logLines: context.buffer.snapshot(),
      };
    } catch (thrown) {
      outcome = {
        success: false,
        errorMessage: serverErrorMessage(
          requestId,
          thrownErrorDetail(thrown, context.handlerEntered),
        ),
        logLines: context.buffer.snapshot(),
      };
    }
    for (const line of outcome.logLines) {
      this.hooks.onLogLine(fn.kind, path, line);
    }
    this.hooks.onExecution?.({
      kind: fn.kind,
      udfPath: path,
      requestId,
      startedAt,
      endedAt: Date.now(),
      ...(outcome.success ? {} : { errorMessage: outcome.errorMessage }),
      logLines: outcome.logLines,
    });
    return outcome;
  }

  /** Whether the app's `http.ts` routes `method` requests for `pathname`. */
  routesHttp(pathname: string, method: string): boolean {
    const router = this.functions.httpRouter;
    if (router === null) {
      return false;
    }
    try {
      return router.lookup(pathname, method) !== null;
    } catch {
      // lookup throws for methods no route can have (e.g. TRACE).
      return false;
    }
  }

  /**
   * Runs the app's HTTP action for a request, through convex-test's `t.fetch` (which routes
   * `http.ts`'s router). `identity` comes from the request's bearer token, as on a deployment.
   * Never throws: a handler's error is a result.
   */
  async runHttpAction(
    pathWithQuery: string,
    init: RequestInit,
    identity: UserIdentity | null,
  ): Promise<HttpActionResult> {
    const label = `${(init.method ?? "GET").toUpperCase()} ${pathWithQuery.split("?")[0]}`;
    const context = newCallContext(label, (path, line) =>
      this.hooks.onLogLine("detached", path, line),
    );
    context.handlerEntered = true;
    const caller = identity === null ? this.t : this.t.withIdentity(identity);
    const requestId = newRequestId();
    const startedAt = Date.now();
    let result: HttpActionResult;
    try {
      const response = await runInCallContext(context, () => caller.fetch(pathWithQuery, init));
      result = { ok: true, response, logLines: context.buffer.snapshot() };
    } catch (thrown) {
      result = {
        ok: false,
        errorMessage: serverErrorMessage(requestId, thrownErrorDetail(thrown, true)),
        logLines: context.buffer.snapshot(),
      };
    }
    for (const line of result.logLines) {
      this.hooks.onLogLine("http", label, line);
    }
    this.hooks.onExecution?.({
      kind: "http",
      udfPath: label,
      requestId,
      startedAt,
      endedAt: Date.now(),
      ...(result.ok ? {} : { errorMessage: result.errorMessage }),
      logLines: result.logLines,
    });
    return result;
  }

  /** How many files are stored. */
  storedFileCount(): number {
    return Object.keys(this.db._storage).length;
  }

  /** Total bytes of stored files. */
  storedBytes(): number {
    let total = 0;
    for (const blob of Object.values(this.db._storage)) {
      total += blob.size;
    }
    return total;
  }

  /** Throws `StorageFullError` when `bytes` more would pass `maxStorageBytes`. */
  ensureRoom(bytes: number): void {
    const stored = this.storedBytes();
    if (stored + bytes > this.maxStorageBytes) {
      throw new StorageFullError(
        `Storage is full: the local backend keeps at most ${this.maxStorageBytes} bytes of files (--max-storage-mb); ${stored} are stored and this file has ${bytes}.`,
      );
    }
  }

  /** Stores an uploaded file, as `ctx.storage.store` would; resolves with its storage id. */
  async storeFile(bytes: Uint8Array, contentType: string | undefined): Promise<string> {
    this.ensureRoom(bytes.byteLength);
    // A copy on its own ArrayBuffer: Blob takes no views of shared or resizable buffers.
    const blob = new Blob([new Uint8Array(bytes)], contentType ? { type: contentType } : {});
    const id = await this.t.run(async (ctx) =>
      (ctx as { storage: { store(blob: Blob): Promise<string> } }).storage.store(blob),
    );
    return id as string;
  }

  /** A committed stored file, or null when there is none with this id. */
  readFile(storageId: string): ServedFile | null {
    if (tableFromId(storageId) !== "_storage") {
      return null;
    }
    const metadata = this.db._documents[storageId];
    const blob = this.db._storage[storageId];
    if (metadata === undefined || blob === undefined) {
      return null;
    }
    return {
      blob,
      contentType: typeof metadata.contentType === "string" ? metadata.contentType : null,
    };
  }

  /**
   * Re-arms the scheduled functions that were still pending in loaded data (their timers did
   * not survive the restart): each runs at its scheduled time, or at once if that has passed.
   * Returns how many, and a function that cancels the ones not yet started.
   */
  resumeScheduledFunctions(): { count: number; cancel(): void } {
    const timers = new Set<NodeJS.Timeout>();
    const ids = this.db._tableIds.get("_scheduled_functions") ?? new Set<string>();
    let count = 0;
    for (const id of ids) {
      const job = this.db._documents[id] as
        | { name?: unknown; args?: unknown; scheduledTime?: unknown; state?: { kind?: unknown } }
        | undefined;
      if (
        job?.state?.kind !== "pending" ||
        typeof job.name !== "string" ||
        !Array.isArray(job.args)
      ) {
        continue;
      }
      const name = job.name;
      const args = job.args[0] ?? {};
      const due = typeof job.scheduledTime === "number" ? job.scheduledTime : 0;
      count++;
      const arm = () => {
        const wait = Math.min(Math.max(0, due - Date.now()), MAX_TIMER_MS);
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (due > Date.now()) {
            arm();
            return;
          }
          const context: CallContext = newCallContext(name, (path, line) =>
            this.hooks.onLogLine("detached", path, line),
          );
          // Like convex-test's own scheduler, lines go to the detached sink: nobody awaits them.
          context.active = false;
          void runInCallContext(context, () => this.runScheduledJob(id, name, args)).catch(
            (error: unknown) => this.hooks.onLogLine("detached", name, `[ERROR] ${String(error)}`),
          );
        }, wait);
        timer.unref();
        timers.add(timer);
      };
      arm();
    }
    return {
      count,
      cancel: () => {
        for (const timer of timers) {
          clearTimeout(timer);
        }
        timers.clear();
      },
    };
  }

  /** Every non-empty table's committed documents, in the Convex JSON encoding. */
  exportTables(): Record<string, JsonValue[]> {
    const tables: Record<string, JsonValue[]> = {};
    for (const [table, ids] of this.db._tableIds) {
      const docs: JsonValue[] = [];
      for (const id of ids) {
        const doc = this.db._documents[id];
        if (doc !== undefined) {
          docs.push(convexToJson(doc as Value) as JsonValue);
        }
      }
      if (docs.length > 0) {
        tables[table] = docs;
      }
    }
    return tables;
  }

  /** The bytes of every stored file. */
  async exportFiles(): Promise<Record<string, StoredFile>> {
    const files: Record<string, StoredFile> = {};
    for (const [id, blob] of Object.entries(this.db._storage)) {
      files[id] = {
        bytes: new Uint8Array(await blob.arrayBuffer()),
        ...(blob.type ? { contentType: blob.type } : {}),
      };
    }
    return files;
  }

  /**
   * Loads documents into an empty database, keeping each `_id` and `_creationTime` exactly (no
   * public convex-test API can, so this writes its committed state directly). Throws
   * `BackendError` "InvalidDataFile" on malformed input, leaving the database untouched.
   */
  importSnapshot(
    tables: Record<string, unknown>,
    files: Readonly<Record<string, StoredFile>> = {},
  ): void {
    const invalid = (message: string) => new BackendError("InvalidDataFile", message);
    if (Object.keys(this.db._documents).length > 0) {
      throw invalid("data can only be loaded into an empty database");
    }
    const documents = new Map<string, { table: string; doc: Record<string, unknown> }>();
    let maxCounter = -1;
    let maxCreationTime = 0;
    for (const [table, docs] of Object.entries(tables)) {
      if (!Array.isArray(docs)) {
        throw invalid(`table "${table}" must be an array of documents`);
      }
      for (const raw of docs) {
        let doc: Record<string, unknown>;
        try {
          doc = jsonToConvex(raw as JsonValue) as Record<string, unknown>;
        } catch (error) {
          throw invalid(
            `a document in "${table}" is not valid Convex JSON: ${(error as Error).message}`,
          );
        }
        const { _id: id, _creationTime: creationTime } = doc;
        if (
          typeof doc !== "object" ||
          doc === null ||
          typeof id !== "string" ||
          typeof creationTime !== "number"
        ) {
          throw invalid(
            `every document in "${table}" needs a string _id and a numeric _creationTime`,
          );
        }
        const counter = counterFromId(id);
        if (tableFromId(id) !== table || counter === null) {
          throw invalid(
            `document id "${id.slice(0, 60)}" does not belong to table "${table}" in the local backend's id format`,
          );
        }
        if (documents.has(id)) {
          throw invalid(`document id "${id.slice(0, 60)}" appears twice`);
        }
        documents.set(id, { table, doc });
        maxCounter = Math.max(maxCounter, counter);
        maxCreationTime = Math.max(maxCreationTime, creationTime);
      }
    }
    const blobs = new Map<string, Blob>();
    for (const [id, file] of Object.entries(files)) {
      if (!documents.has(id)) {
        continue;
      }
      blobs.set(id, new Blob([new Uint8Array(file.bytes)], { type: file.contentType ?? "" }));
    }
    for (const [id, { table, doc }] of documents) {
      this.db._documents[id] = doc;
      let ids = this.db._tableIds.get(table);
      if (ids === undefined) {
        ids = new Set();
        this.db._tableIds.set(table, ids);
      }
      ids.add(id);
    }
    for (const [id, blob] of blobs) {
      this.db._storage[id] = blob;
    }
    this.db._nextDocId = Math.max(this.db._nextDocId, maxCounter + 1);
    this.db._lastCreationTime = Math.max(this.db._lastCreationTime, maxCreationTime);
  }
}
