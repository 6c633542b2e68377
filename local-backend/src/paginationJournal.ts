import { currentCallContext } from "./callContext.js";
import type { SyscallMiddleware } from "./syscallMiddleware.js";

/**
 * A subscribed query's pagination journal for one run: the end cursor saved by its previous
 * run (or sent back by the client in `Add.journal` after a reconnect), and the one this run
 * produced. The client stores the journal from every QueryUpdated/QueryFailed and sends it
 * again on reconnect (convex/src/browser/sync/local_state.ts), so a page keeps its end while
 * documents are inserted or deleted around it — what `usePaginatedQuery` needs.
 */
export interface PaginationJournal {
  readonly savedEndCursor: string | null;
  /** The end cursor of this run's `.paginate()`, or null when the query did not paginate. */
  endCursor: string | null;
}

// Journals are opaque strings to the client (protocol.ts `QueryJournal`). A small envelope
// keeps journals from other servers (or corrupted ones) from being mistaken for cursors.
const JOURNAL_VERSION = "lens-journal-1";

/** The journal string sent to clients for a run that ended at `endCursor`. */
export function encodeJournal(endCursor: string | null): string | null {
  return endCursor === null ? null : JSON.stringify([JOURNAL_VERSION, endCursor]);
}

/** The saved end cursor in a client-sent journal; null for no journal or one we did not make. */
export function decodeJournal(journal: string | null | undefined): string | null {
  if (typeof journal !== "string" || journal.length > 64 * 1024) {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(journal);
    return Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed[0] === JOURNAL_VERSION &&
      typeof parsed[1] === "string"
      ? parsed[1]
      : null;
  } catch {
    return null;
  }
}

interface QueryPageArgs {
  endCursor?: string | null;
  [key: string]: unknown;
}

interface QueryPageResult {
  continueCursor: string;
  isDone: boolean;
  pageStatus?: string | null;
  [key: string]: unknown;
}

/**
 * Pins the end of `.paginate()` pages the way a deployment does (convex-backend `query_page`):
 * when `paginationOpts.endCursor` is absent, a subscribed query reuses its journal's saved end
 * cursor, and the end cursor it returns becomes the new journal.
 *
 * It also works around convex-test 0.0.70's paginate: when the document an `endCursor` points
 * at was deleted, it answers `isDone: true, continueCursor: "_end_cursor"`, which makes the
 * client drop every later page. With an `endCursor`, the page always ends exactly there.
 */
export const paginationJournalMiddleware: SyscallMiddleware = {
  async asyncSyscall(op, jsonArgs, next) {
    if (op !== "1.0/queryPage") {
      return next(op, jsonArgs);
    }
    const journal = currentCallContext()?.pagination ?? null;
    const args = JSON.parse(jsonArgs) as QueryPageArgs;
    let endCursor = typeof args.endCursor === "string" ? args.endCursor : null;
    let forwarded = jsonArgs;
    if (endCursor === null && journal?.savedEndCursor != null) {
      endCursor = journal.savedEndCursor;
      forwarded = JSON.stringify({ ...args, endCursor });
    }
    const result = JSON.parse(await next(op, forwarded)) as QueryPageResult;
    if (endCursor !== null && result.pageStatus !== "SplitRequired") {
      result.continueCursor = endCursor;
      result.isDone = endCursor === "_end_cursor";
    }
    if (journal !== null) {
      journal.endCursor = result.continueCursor;
    }
    return JSON.stringify(result);
  },
};
