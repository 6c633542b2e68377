import { AsyncLocalStorage } from "node:async_hooks";
import { LogLineBuffer } from "./logLine.js";
import type { PaginationJournal } from "./paginationJournal.js";
import type { ReadSet } from "./readSet.js";

/**
 * The state of one client-initiated function call, found from any code running on its behalf
 * through AsyncLocalStorage: the console lines it printed, the tables a query read, its
 * pagination journal, and whether its handler started.
 */
export interface CallContext {
  readonly udfPath: string;
  readonly buffer: LogLineBuffer;
  /** Where lines go once the call has answered (e.g. a scheduled function it started). */
  readonly detachedSink: (udfPath: string, line: string) => void;
  /** Tables read, for queries whose results are kept up to date; null when not tracked. */
  readonly reads: ReadSet | null;
  /** The pagination journal of a subscribed query's run; null for other calls. */
  readonly pagination: PaginationJournal | null;
  /** False once the call has produced its response. */
  active: boolean;
  /** True once the function's own handler started; false means it failed before (validation). */
  handlerEntered: boolean;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Starts a fresh context for one call. */
export function newCallContext(
  udfPath: string,
  detachedSink: (udfPath: string, line: string) => void,
  reads: ReadSet | null = null,
  pagination: PaginationJournal | null = null,
): CallContext {
  return {
    udfPath,
    buffer: new LogLineBuffer(),
    detachedSink,
    reads,
    pagination,
    active: true,
    handlerEntered: false,
  };
}

/** Runs `fn` inside `context`; the context closes when `fn` settles. */
export async function runInCallContext<T>(context: CallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await storage.run(context, fn);
  } finally {
    context.active = false;
  }
}

/** The context of the call whose code is running now, if any. */
export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}

/** Marks that the current call reached its own handler (called from the wrapped handlers). */
export function markHandlerEntered(): void {
  const context = storage.getStore();
  if (context !== undefined) {
    context.handlerEntered = true;
  }
}
