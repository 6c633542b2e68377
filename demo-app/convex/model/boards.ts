import type { Doc, Id } from "../_generated/dataModel.js";
import type { QueryCtx } from "../_generated/server.js";
import { forbiddenError, notFoundError } from "./errors.js";

/** Loads a board or fails with NOT_FOUND, so callers never handle `null` themselves. */
export async function requireBoard(ctx: QueryCtx, boardId: Id<"boards">): Promise<Doc<"boards">> {
  const board = await ctx.db.get("boards", boardId);
  if (board === null) throw notFoundError("boards", boardId);
  return board;
}

/** Loads a board that may be edited: NOT_FOUND when missing, FORBIDDEN when locked. */
export async function requireEditableBoard(
  ctx: QueryCtx,
  boardId: Id<"boards">,
): Promise<Doc<"boards">> {
  const board = await requireBoard(ctx, boardId);
  if (board.locked) throw forbiddenError(board._id, board.name);
  return board;
}
