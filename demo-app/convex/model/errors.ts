import { ConvexError, type Value } from "convex/values";

/**
 * The codes this app's functions fail with. They travel to clients as `ConvexError.data.code`,
 * which the Convex Lens SDK maps into its taxonomy (a `ConvexError` is never retried).
 */
export type AppErrorCode = "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "RATE_LIMITED" | "CONFLICT";

/** What every app error carries: a code to branch on, a message a person can read, and details. */
export type AppErrorData = { code: AppErrorCode; message: string } & {
  [detail: string]: Value;
};

/** Builds a `ConvexError` whose data is `{code, message, ...details}`, ready to throw. */
export function appError(
  code: AppErrorCode,
  message: string,
  details: { [detail: string]: Value } = {},
): ConvexError<AppErrorData> {
  return new ConvexError<AppErrorData>({ ...details, code, message });
}

/** Input the function cannot accept: an empty or too-long text, an out-of-range position. */
export function validationError(field: string, message: string): ConvexError<AppErrorData> {
  return appError("VALIDATION", message, { field });
}

/** A board, task or subtask that does not exist (any more). */
export function notFoundError(table: string, id: string): ConvexError<AppErrorData> {
  const noun = table === "boards" ? "board" : table === "subtasks" ? "subtask" : "task";
  return appError("NOT_FOUND", `That ${noun} no longer exists.`, { table, id });
}

/** An edit on a locked board. */
export function forbiddenError(boardId: string, boardName: string): ConvexError<AppErrorData> {
  return appError("FORBIDDEN", `The board "${boardName}" is locked; unlock it to edit.`, {
    boardId,
  });
}

/** Too many comments on one task in the window; `retryAfterMs` says when one more will pass. */
export function rateLimitedError(
  retryAfterMs: number,
  max: number,
  windowMs: number,
): ConvexError<AppErrorData> {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return appError("RATE_LIMITED", `Too many comments on this task; try again in ${seconds} s.`, {
    retryAfterMs,
    max,
    windowMs,
  });
}

/** An edit made against an older version of a task than the one stored. */
export function conflictError(
  expectedVersion: number,
  actualVersion: number,
): ConvexError<AppErrorData> {
  return appError("CONFLICT", "Someone else changed this task; reload it and try again.", {
    expectedVersion,
    actualVersion,
  });
}
