import type { Id } from "../_generated/dataModel.js";
import type { QueryCtx } from "../_generated/server.js";
import { commentRateLimit } from "./limits.js";

/**
 * How long until one more comment on `taskId` is allowed, or `null` if it is allowed now. It is
 * computed from the comments table itself, so it needs no counter row that every writer would
 * contend on, and replays the same in every transaction retry.
 */
export async function commentRetryAfterMs(
  ctx: QueryCtx,
  taskId: Id<"tasks">,
  now: number,
): Promise<number | null> {
  const { max, windowMs } = commentRateLimit;
  const recent = await ctx.db
    .query("comments")
    .withIndex("by_task_createdAt", (q) => q.eq("taskId", taskId).gt("createdAt", now - windowMs))
    .take(max);
  const oldest = recent[0];
  if (recent.length < max || oldest === undefined) return null;
  return Math.max(1, oldest.createdAt + windowMs - now);
}
