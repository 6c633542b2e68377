import type { Doc, Id } from "../_generated/dataModel.js";
import type { QueryCtx } from "../_generated/server.js";
import { requireBoard, requireEditableBoard } from "./boards.js";
import { conflictError, notFoundError } from "./errors.js";

/**
 * Loads a task whose board still exists. A removed board's tasks linger until the scheduled
 * purge deletes them, so the board is checked too; either missing is NOT_FOUND.
 */
export async function requireTask(
  ctx: QueryCtx,
  taskId: Id<"tasks">,
): Promise<{ task: Doc<"tasks">; board: Doc<"boards"> }> {
  const task = await ctx.db.get("tasks", taskId);
  if (task === null) throw notFoundError("tasks", taskId);
  const board = await requireBoard(ctx, task.boardId);
  return { task, board };
}

/** Loads a task that may be edited: NOT_FOUND when it or its board is gone, FORBIDDEN when locked. */
export async function requireEditableTask(
  ctx: QueryCtx,
  taskId: Id<"tasks">,
): Promise<{ task: Doc<"tasks">; board: Doc<"boards"> }> {
  const task = await ctx.db.get("tasks", taskId);
  if (task === null) throw notFoundError("tasks", taskId);
  const board = await requireEditableBoard(ctx, task.boardId);
  return { task, board };
}

/** Fails with CONFLICT when the client edited an older version than the one stored. */
export function checkVersion(task: Doc<"tasks">, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== task.version) {
    throw conflictError(expectedVersion, task.version);
  }
}
