import { v } from "convex/values";
import { recordActivity } from "./model/activity.js";
import { rateLimitedError, validationError } from "./model/errors.js";
import { commentRateLimit, limits } from "./model/limits.js";
import { commentRetryAfterMs } from "./model/rateLimit.js";
import { requireEditableTask, requireTask } from "./model/tasks.js";
import { cleanText } from "./model/text.js";
import { mutation, query } from "./traced.js";

/** A task's comments, oldest first. Fails with NOT_FOUND when the task does not exist. */
export const listByTask = query({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, { taskId }) => {
    await requireTask(ctx, taskId);
    return await ctx.db
      .query("comments")
      .withIndex("by_task_createdAt", (q) => q.eq("taskId", taskId))
      .take(limits.commentsPerTask);
  },
});

/**
 * Adds a comment. At most 5 comments per task in any 10 s window: the 6th fails with
 * RATE_LIMITED and `retryAfterMs`. Also VALIDATION (empty or too long, task full), NOT_FOUND,
 * FORBIDDEN.
 */
export const add = mutation({
  args: { taskId: v.id("tasks"), body: v.string(), author: v.optional(v.string()) },
  handler: async (ctx, args) => {
    const { task, board } = await requireEditableTask(ctx, args.taskId);
    const body = cleanText("comment", args.body, { max: limits.commentLength, required: true });
    const author =
      cleanText("author", args.author ?? "", { max: limits.authorLength, required: false }) ||
      "Anonymous";
    // Date.now() is fine in a mutation: Convex pins it to the transaction's start time.
    const now = Date.now();
    const retryAfterMs = await commentRetryAfterMs(ctx, task._id, now);
    if (retryAfterMs !== null) {
      console.warn(`comment rate limit hit on "${task.title}"; retry in ${retryAfterMs} ms`);
      throw rateLimitedError(retryAfterMs, commentRateLimit.max, commentRateLimit.windowMs);
    }
    const count = (
      await ctx.db
        .query("comments")
        .withIndex("by_task_createdAt", (q) => q.eq("taskId", task._id))
        .take(limits.commentsPerTask)
    ).length;
    if (count >= limits.commentsPerTask) {
      throw validationError("comment", `A task holds at most ${limits.commentsPerTask} comments.`);
    }
    const commentId = await ctx.db.insert("comments", {
      taskId: task._id,
      boardId: board._id,
      author,
      body,
      createdAt: now,
    });
    await recordActivity(ctx, {
      boardId: board._id,
      taskId: task._id,
      kind: "comment_added",
      message: `${author} commented on "${task.title}"`,
    });
    console.log(`${author} commented on "${task.title}"`);
    return commentId;
  },
});
