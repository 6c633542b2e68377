import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel.js";
import type { QueryCtx } from "./_generated/server.js";
import { limits } from "./model/limits.js";
import { query } from "./traced.js";

/** Row counts of one board. */
export type BoardStats = {
  boardId: Id<"boards">;
  name: string;
  locked: boolean;
  tasks: number;
  completedTasks: number;
  subtasks: number;
  comments: number;
  activity: number;
};

async function boardStats(ctx: QueryCtx, board: Doc<"boards">): Promise<BoardStats> {
  const tasks = await ctx.db
    .query("tasks")
    .withIndex("by_board_order", (q) => q.eq("boardId", board._id))
    .take(limits.tasksPerBoard);
  const subtasks = await ctx.db
    .query("subtasks")
    .withIndex("by_board", (q) => q.eq("boardId", board._id))
    .take(limits.tasksPerBoard * limits.subtasksPerTask);
  const comments = await ctx.db
    .query("comments")
    .withIndex("by_board", (q) => q.eq("boardId", board._id))
    .take(limits.tasksPerBoard * limits.commentsPerTask);
  const activity = await ctx.db
    .query("activity")
    .withIndex("by_board_seq", (q) => q.eq("boardId", board._id))
    .take(limits.activityPerBoard);
  return {
    boardId: board._id,
    name: board.name,
    locked: board.locked,
    tasks: tasks.length,
    completedTasks: tasks.filter((task) => task.completed).length,
    subtasks: subtasks.length,
    comments: comments.length,
    activity: activity.length,
  };
}

/**
 * Row counts per board and in total: what the integration tests count to prove a write landed
 * exactly once. It reads every row of the boards it covers, so pass `boardId` when you can.
 */
export const overview = query({
  args: { boardId: v.optional(v.id("boards")) },
  handler: async (ctx, { boardId }) => {
    const boards =
      boardId === undefined
        ? await ctx.db.query("boards").take(limits.boards)
        : [await ctx.db.get("boards", boardId)].filter((board) => board !== null);
    const perBoard: BoardStats[] = [];
    for (const board of boards) perBoard.push(await boardStats(ctx, board));
    const total = (key: "tasks" | "completedTasks" | "subtasks" | "comments" | "activity") =>
      perBoard.reduce((sum, stats) => sum + stats[key], 0);
    return {
      boards: perBoard,
      totals: {
        boards: perBoard.length,
        tasks: total("tasks"),
        completedTasks: total("completedTasks"),
        subtasks: total("subtasks"),
        comments: total("comments"),
        activity: total("activity"),
      },
    };
  },
});
