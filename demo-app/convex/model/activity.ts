import type { Id } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import type { ActivityKind } from "./activityKind.js";
import { limits } from "./limits.js";

/** One feed entry, as the writes describe it. */
export type ActivityEntry = {
  boardId: Id<"boards">;
  kind: ActivityKind;
  message: string;
  taskId?: Id<"tasks">;
};

/**
 * Appends an entry to a board's feed and trims the feed to `limits.activityPerBoard`. Reading
 * only the newest entry and one index range keeps every write O(1), whatever the feed's size.
 */
export async function recordActivity(
  ctx: MutationCtx,
  entry: ActivityEntry,
): Promise<Id<"activity">> {
  const newest = await ctx.db
    .query("activity")
    .withIndex("by_board_seq", (q) => q.eq("boardId", entry.boardId))
    .order("desc")
    .first();
  const seq = (newest?.seq ?? 0) + 1;
  const id = await ctx.db.insert("activity", { ...entry, seq });
  const expired = await ctx.db
    .query("activity")
    .withIndex("by_board_seq", (q) =>
      q.eq("boardId", entry.boardId).lte("seq", seq - limits.activityPerBoard),
    )
    .take(limits.purgeBatch);
  for (const old of expired) {
    await ctx.db.delete("activity", old._id);
  }
  return id;
}
