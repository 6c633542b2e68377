import { currentCallContext } from "./callContext.js";
import { tableFromId } from "./documentId.js";
import type { SyscallMiddleware } from "./syscallMiddleware.js";

/** Marker in a written-tables set meaning "some table we could not name". */
export const UNKNOWN_TABLE = "*";

/**
 * The tables one query execution read. After a commit, only queries whose read set meets the
 * written tables are re-run; anything we cannot attribute to a table makes the set "all".
 */
export class ReadSet {
  readonly tables = new Set<string>();
  all = false;

  /** Whether a commit that wrote `written` may change this query's result. */
  intersects(written: ReadonlySet<string>): boolean {
    if (this.all || written.has(UNKNOWN_TABLE)) {
      return written.size > 0;
    }
    for (const table of written) {
      if (this.tables.has(table)) {
        return true;
      }
    }
    return false;
  }
}

// Syscalls that read no table (convex/src/server/impl/*.ts and convex-test's syscall table).
const NEUTRAL_SYSCALLS = new Set([
  "1.0/queryStreamNext",
  "1.0/queryCleanup",
  "1.0/getSnapshotTs",
  "1.0/db/normalizeId",
  "1.0/getFunctionMetadata",
  "1.0/getRequestMetadata",
  "1.0/getDeploymentMetadata",
  "1.0/getTransactionMetrics",
  "1.0/getDeploymentJwks",
  "1.0/runUdf",
  "1.0/createFunctionHandle",
]);

function tableOfSource(source: unknown): string | null {
  if (typeof source !== "object" || source === null) {
    return null;
  }
  const { tableName, indexName } = source as { tableName?: unknown; indexName?: unknown };
  if (typeof tableName === "string") {
    return tableName;
  }
  if (typeof indexName === "string") {
    return indexName.split(".")[0] ?? null;
  }
  return null;
}

function tableOfArgs(op: string, args: Record<string, unknown>): string | null {
  switch (op) {
    case "1.0/get":
      if (typeof args.table === "string") {
        return args.table;
      }
      return typeof args.id === "string" ? tableFromId(args.id) : null;
    case "1.0/queryStream":
    case "1.0/queryPage":
      return tableOfSource((args.query as { source?: unknown } | undefined)?.source);
    case "1.0/count":
      return typeof args.table === "string" ? args.table : null;
    default:
      return null;
  }
}

/** Adds what one syscall reads to `reads`. */
export function recordSyscallRead(reads: ReadSet, op: string, jsonArgs: unknown): void {
  if (reads.all || NEUTRAL_SYSCALLS.has(op)) {
    return;
  }
  if (op === "1.0/storageGetUrl" || op === "1.0/storageGet" || op === "storage/getBlob") {
    reads.tables.add("_storage");
    return;
  }
  let table: string | null = null;
  try {
    const args = typeof jsonArgs === "string" ? JSON.parse(jsonArgs) : jsonArgs;
    if (typeof args === "object" && args !== null) {
      table = tableOfArgs(op, args as Record<string, unknown>);
    }
  } catch {
    table = null;
  }
  if (table === null) {
    reads.all = true;
  } else {
    reads.tables.add(table);
  }
}

/** Records what each syscall of a tracked query reads into its read set. */
export const readTrackingMiddleware: SyscallMiddleware = {
  syscall(op, jsonArgs, next) {
    track(op, jsonArgs);
    return next(op, jsonArgs);
  },
  asyncSyscall(op, jsonArgs, next) {
    track(op, jsonArgs);
    return next(op, jsonArgs);
  },
  jsSyscall(op, args, next) {
    track(op, args);
    return next(op, args);
  },
};

function track(op: string, args: unknown): void {
  const reads = currentCallContext()?.reads;
  if (reads) {
    recordSyscallRead(reads, op, args);
  }
}
