import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { recordActivity } from "./model/activity.js";
import { limits } from "./model/limits.js";
import { internalMutation, query } from "./traced.js";

/**
 * The activity feed, newest first, for one board or for all of them; for `usePaginatedQuery`.
 * Pages are capped at `limits.activityPageSize` entries, whatever the client asks for.
 */
export const list = query({
  args: { boardId: v.optional(v.id("boards")), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { boardId, paginationOpts }) => {
    const page = {
      ...paginationOpts,
      numItems: Math.max(1, Math.min(paginationOpts.numItems, limits.activityPageSize)),
    };
    if (boardId === undefined) {
      return await ctx.db.query("activity").order("desc").paginate(page);
    }
    return await ctx.db
      .query("activity")
      .withIndex("by_board_seq", (q) => q.eq("boardId", boardId))
      .order("desc")
      .paginate(page);
  },
});

/**
 * Scheduled by `tasks:setSubtaskCompleted` when a task's last open subtask is ticked: writes one
 * summary entry. It re-reads the subtasks because one may have been reopened in between.
 */
export const summarizeSubtasks = internalMutation({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, { taskId }) => {
    const task = await ctx.db.get("tasks", taskId);
    if (task === null) return null;
    const subtasks = await ctx.db
      .query("subtasks")
      .withIndex("by_task", (q) => q.eq("taskId", taskId))
      .take(limits.subtasksPerTask);
    if (subtasks.length === 0 || !subtasks.every((subtask) => subtask.completed)) {
      console.log(`no summary for "${task.title}": a subtask was reopened`);
      return null;
    }
    await recordActivity(ctx, {
      boardId: task.boardId,
      taskId,
      kind: "subtasks_completed",
      message: `All ${subtasks.length} subtasks of "${task.title}" are done`,
    });
    console.log(`summarized ${subtasks.length} finished subtasks of "${task.title}"`);
    return null;
  },
});
