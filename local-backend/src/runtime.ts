import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import { BackendError } from "./backendError.js";
import { newCallContext, runInCallContext } from "./callContext.js";
import type { JsonValue } from "./clientMessage.js";
import {
  type ConvexTestCaller,
  createConvexTestRuntime,
  type DatabaseInternals,
} from "./convexTestInternals.js";
import { counterFromId, tableFromId } from "./documentId.js";
import { canonicalizeUdfPath, type FunctionKind } from "./functionRegistry.js";
import type { UserIdentity } from "./identity.js";
import { installConsoleCapture } from "./logCapture.js";
import type { LoadedFunctions } from "./moduleLoader.js";
import { installReadTracking, ReadSet } from "./readSet.js";
import { newRequestId, serverErrorMessage, thrownErrorDetail } from "./serverErrorMessage.js";

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
}

/** An outcome, plus what the call read when asked to track reads. */
export interface Execution {
  readonly udfPath: string;
  readonly outcome: FunctionOutcome;
  readonly reads: ReadSet | null;
}

/** A base64 copy of one stored file, as kept in a data file. */
export interface StoredFile {
  readonly data: string;
  readonly contentType?: string | undefined;
}

/** Hooks the runtime calls; both must not throw. */
export interface RuntimeHooks {
  /** After every top-level commit, with the tables it wrote (may be empty). */
  onCommit(tables: ReadonlySet<string>): void;
  /** For every captured log line: a call's lines after it answered, and detached lines. */
  onLogLine(kind: FunctionKind | "detached", udfPath: string, line: string): void;
}

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
  private constructor(
    private readonly functions: LoadedFunctions,
    private readonly t: ConvexTestCaller & {
      withIdentity(identity: Record<string, unknown>): ConvexTestCaller;
    },
    private readonly db: DatabaseInternals,
    private readonly hooks: RuntimeHooks,
  ) {}

  /** Creates the runtime for a loaded functions directory. */
  static async create(functions: LoadedFunctions, hooks: RuntimeHooks): Promise<Runtime> {
    installConsoleCapture();
    const { t, db } = await createConvexTestRuntime(functions.schema, functions.modules, (tables) =>
      hooks.onCommit(tables),
    );
    installReadTracking();
    return new Runtime(functions, t, db, hooks);
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
    const context = newCallContext(
      udfPath,
      (path, line) => this.hooks.onLogLine("detached", path, line),
      reads,
    );
    const caller =
      request.identity === null
        ? this.t
        : this.t.withIdentity(request.identity as Record<string, unknown>);
    const reference = makeFunctionReference(udfPath);
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
    return { udfPath, outcome, reads };
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

  /** The bytes of every stored file, base64-encoded. */
  async exportFiles(): Promise<Record<string, StoredFile>> {
    const files: Record<string, StoredFile> = {};
    for (const [id, blob] of Object.entries(this.db._storage)) {
      files[id] = {
        data: Buffer.from(await blob.arrayBuffer()).toString("base64"),
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
  importSnapshot(tables: Record<string, unknown>, files: Record<string, unknown> = {}): void {
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
    for (const [id, raw] of Object.entries(files)) {
      const file = raw as Partial<StoredFile> | null;
      if (typeof file?.data !== "string" || !documents.has(id)) {
        continue;
      }
      blobs.set(id, new Blob([Buffer.from(file.data, "base64")], { type: file.contentType ?? "" }));
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
