import { v } from "convex/values";
import { internal } from "./_generated/api.js";
import type { Doc } from "./_generated/dataModel.js";
import { recordActivity } from "./model/activity.js";
import { requireBoard, requireEditableBoard } from "./model/boards.js";
import { readNumberEnv } from "./model/env.js";
import { notFoundError, validationError } from "./model/errors.js";
import { limits } from "./model/limits.js";
import { orderBetween } from "./model/ordering.js";
import { defaultDelayMs, defaultFailureRate, fetchSuggestions } from "./model/suggestionService.js";
import { checkVersion, requireEditableTask, requireTask } from "./model/tasks.js";
import { cleanText, cleanTitle } from "./model/text.js";
import { action, internalMutation, internalQuery, mutation, query } from "./traced.js";

/** A board's tasks in board order. Fails with NOT_FOUND when the board does not exist. */
export const listByBoard = query({
  args: { boardId: v.id("boards") },
  handler: async (ctx, { boardId }) => {
    await requireBoard(ctx, boardId);
    return await ctx.db
      .query("tasks")
      .withIndex("by_board_order", (q) => q.eq("boardId", boardId))
      .take(limits.tasksPerBoard);
  },
});

/**
 * Adds a task at the end of a board. Fails with VALIDATION (empty or too-long title, full
 * board), NOT_FOUND, or FORBIDDEN when the board is locked.
 */
export const create = mutation({
  args: { boardId: v.id("boards"), title: v.string(), notes: v.optional(v.string()) },
  handler: async (ctx, args) => {
    const board = await requireEditableBoard(ctx, args.boardId);
    const title = cleanTitle(args.title);
    const notes = cleanText("notes", args.notes ?? "", {
      max: limits.notesLength,
      required: false,
    });
    const tasks = await ctx.db
      .query("tasks")
      .withIndex("by_board_order", (q) => q.eq("boardId", board._id))
      .take(limits.tasksPerBoard);
    if (tasks.length >= limits.tasksPerBoard) {
      throw validationError("boardId", `A board holds at most ${limits.tasksPerBoard} tasks.`);
    }
    const order = orderBetween(tasks.at(-1)?.order, undefined) ?? tasks.length + 1;
    const taskId = await ctx.db.insert("tasks", {
      boardId: board._id,
      title,
      notes,
      completed: false,
      order,
      version: 1,
    });
    await recordActivity(ctx, {
      boardId: board._id,
      taskId,
      kind: "task_created",
      message: `Task "${title}" created`,
    });
    console.log(`created task "${title}" on "${board.name}"`);
    return taskId;
  },
});

/**
 * Edits a task's title and/or notes. Pass the `version` you edited to get CONFLICT instead of
 * overwriting someone else's change. Also fails with VALIDATION, NOT_FOUND or FORBIDDEN.
 */
export const update = mutation({
  args: {
    taskId: v.id("tasks"),
    title: v.optional(v.string()),
    notes: v.optional(v.string()),
    expectedVersion: v.optional(v.number()),
  },
  handler: async (ctx, args) => {
    const { task, board } = await requireEditableTask(ctx, args.taskId);
    checkVersion(task, args.expectedVersion);
    if (args.title === undefined && args.notes === undefined) {
      throw validationError("title", "Nothing to update: pass a title or notes.");
    }
    const title = args.title === undefined ? task.title : cleanTitle(args.title);
    const notes =
      args.notes === undefined
        ? task.notes
        : cleanText("notes", args.notes, { max: limits.notesLength, required: false });
    const version = task.version + 1;
    await ctx.db.patch("tasks", task._id, { title, notes, version });
    await recordActivity(ctx, {
      boardId: board._id,
      taskId: task._id,
      kind: "task_updated",
      message: `Task "${title}" edited`,
    });
    return { version };
  },
});

/**
 * Marks a task done or not done. Setting the state it already has changes nothing, so an
 * optimistic toggle that races another tab settles on the last write. NOT_FOUND or FORBIDDEN.
 */
export const setCompleted = mutation({
  args: { taskId: v.id("tasks"), completed: v.boolean() },
  handler: async (ctx, { taskId, completed }) => {
    const { task, board } = await requireEditableTask(ctx, taskId);
    if (task.completed === completed) return { version: task.version };
    const version = task.version + 1;
    await ctx.db.patch("tasks", taskId, { completed, version });
    await recordActivity(ctx, {
      boardId: board._id,
      taskId,
      kind: completed ? "task_completed" : "task_reopened",
      message: `Task "${task.title}" ${completed ? "completed" : "reopened"}`,
    });
    console.log(`task "${task.title}" ${completed ? "completed" : "reopened"}`);
    return { version };
  },
});

/**
 * Moves a task to `toIndex` (0-based, among the board's other tasks). Fails with VALIDATION for
 * a position out of range, CONFLICT for a stale `expectedVersion`, NOT_FOUND or FORBIDDEN.
 */
export const move = mutation({
  args: {
    taskId: v.id("tasks"),
    toIndex: v.number(),
    expectedVersion: v.optional(v.number()),
  },
  handler: async (ctx, { taskId, toIndex, expectedVersion }) => {
    const { task, board } = await requireEditableTask(ctx, taskId);
    checkVersion(task, expectedVersion);
    const all = await ctx.db
      .query("tasks")
      .withIndex("by_board_order", (q) => q.eq("boardId", board._id))
      .take(limits.tasksPerBoard);
    const others = all.filter((other) => other._id !== taskId);
    if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex > others.length) {
      throw validationError(
        "toIndex",
        `The position must be a whole number from 0 to ${others.length}.`,
      );
    }
    // A drop where the task already is changes nothing, not even its version.
    if (all.findIndex((row) => row._id === taskId) === toIndex) return { version: task.version };
    let order = orderBetween(others[toIndex - 1]?.order, others[toIndex]?.order);
    if (order === null) {
      // The neighbours are too close to bisect: renumber the board 1, 2, 3… around the gap.
      const sequence: Doc<"tasks">[] = [...others];
      sequence.splice(toIndex, 0, task);
      for (const [index, row] of sequence.entries()) {
        if (row._id !== taskId && row.order !== index + 1) {
          await ctx.db.patch("tasks", row._id, { order: index + 1 });
        }
      }
      order = toIndex + 1;
    }
    const version = task.version + 1;
    await ctx.db.patch("tasks", taskId, { order, version });
    await recordActivity(ctx, {
      boardId: board._id,
      taskId,
      kind: "task_moved",
      message: `Task "${task.title}" moved to position ${toIndex + 1}`,
    });
    return { version };
  },
});

/** Deletes a task with its comments and subtasks. Fails with NOT_FOUND or FORBIDDEN. */
export const remove = mutation({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, { taskId }) => {
    const { task, board } = await requireEditableTask(ctx, taskId);
    // The caps bound both lists, so one transaction deletes them all.
    const comments = await ctx.db
      .query("comments")
      .withIndex("by_task_createdAt", (q) => q.eq("taskId", taskId))
      .take(limits.purgeBatch);
    for (const comment of comments) await ctx.db.delete("comments", comment._id);
    const subtasks = await ctx.db
      .query("subtasks")
      .withIndex("by_task", (q) => q.eq("taskId", taskId))
      .take(limits.purgeBatch);
    for (const subtask of subtasks) await ctx.db.delete("subtasks", subtask._id);
    await ctx.db.delete("tasks", taskId);
    await recordActivity(ctx, {
      boardId: board._id,
      taskId,
      kind: "task_deleted",
      message: `Task "${task.title}" deleted`,
    });
    console.log(`deleted task "${task.title}" with ${comments.length} comments`);
    return null;
  },
});

/** A task's subtasks, oldest first. Fails with NOT_FOUND when the task does not exist. */
export const listSubtasks = query({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, { taskId }) => {
    await requireTask(ctx, taskId);
    return await ctx.db
      .query("subtasks")
      .withIndex("by_task", (q) => q.eq("taskId", taskId))
      .take(limits.subtasksPerTask);
  },
});

/**
 * Ticks a subtask on or off. Ticking the last open one schedules an activity summary
 * (`activity:summarizeSubtasks`). Fails with NOT_FOUND or FORBIDDEN.
 */
export const setSubtaskCompleted = mutation({
  args: { subtaskId: v.id("subtasks"), completed: v.boolean() },
  handler: async (ctx, { subtaskId, completed }) => {
    const subtask = await ctx.db.get("subtasks", subtaskId);
    if (subtask === null) throw notFoundError("subtasks", subtaskId);
    await requireEditableTask(ctx, subtask.taskId);
    if (subtask.completed === completed) return null;
    await ctx.db.patch("subtasks", subtaskId, { completed });
    if (completed) {
      const siblings = await ctx.db
        .query("subtasks")
        .withIndex("by_task", (q) => q.eq("taskId", subtask.taskId))
        .take(limits.subtasksPerTask);
      if (siblings.every((sibling) => sibling.completed)) {
        await ctx.scheduler.runAfter(0, internal.activity.summarizeSubtasks, {
          taskId: subtask.taskId,
        });
      }
    }
    return null;
  },
});

/**
 * Saves suggested subtasks, skipping blanks and duplicates, up to `limits.subtasksPerTask`.
 * Internal: only `tasks:suggestSubtasks` calls it. Fails with NOT_FOUND or FORBIDDEN.
 */
export const addSubtasks = internalMutation({
  args: { taskId: v.id("tasks"), titles: v.array(v.string()) },
  handler: async (ctx, { taskId, titles }) => {
    const { task, board } = await requireEditableTask(ctx, taskId);
    const existing = await ctx.db
      .query("subtasks")
      .withIndex("by_task", (q) => q.eq("taskId", taskId))
      .take(limits.subtasksPerTask);
    const seen = new Set(existing.map((subtask) => subtask.title));
    const added: string[] = [];
    for (const raw of titles) {
      const title = raw.trim().slice(0, limits.titleLength);
      if (title === "" || seen.has(title)) continue;
      if (existing.length + added.length >= limits.subtasksPerTask) break;
      seen.add(title);
      added.push(title);
      await ctx.db.insert("subtasks", { taskId, boardId: board._id, title, completed: false });
    }
    if (added.length > 0) {
      await recordActivity(ctx, {
        boardId: board._id,
        taskId,
        kind: "subtasks_suggested",
        message: `${added.length} subtasks suggested for "${task.title}"`,
      });
    }
    return { added };
  },
});

/** What the suggestion action needs to know about a task, checked before the slow call. */
export const suggestionContext = internalQuery({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, { taskId }) => {
    const { task } = await requireEditableTask(ctx, taskId);
    return { title: task.title };
  },
});

/** What `tasks:suggestSubtasks` returns: the subtask titles it saved. */
export type SuggestSubtasksResult = { added: string[] };

/**
 * Asks a slow, flaky "external" service for subtasks and saves them. The service is simulated
 * here so the demo works offline: it waits a few hundred ms (`delayMs`, `SUGGEST_DELAY_MS`) and
 * fails with a plain Error("Suggestion service unavailable") at `failureRate`
 * (`SUGGEST_FAILURE_RATE`, default 0.3). Also fails with VALIDATION, NOT_FOUND or FORBIDDEN.
 */
export const suggestSubtasks = action({
  args: {
    taskId: v.id("tasks"),
    failureRate: v.optional(v.number()),
    delayMs: v.optional(v.number()),
  },
  handler: async (ctx, args): Promise<SuggestSubtasksResult> => {
    const failureRate =
      args.failureRate ?? readNumberEnv("SUGGEST_FAILURE_RATE") ?? defaultFailureRate;
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw validationError("failureRate", "The failure rate must be between 0 and 1.");
    }
    const delayMs =
      args.delayMs ?? readNumberEnv("SUGGEST_DELAY_MS") ?? defaultDelayMs(args.taskId);
    if (!(delayMs >= 0 && delayMs <= 10_000)) {
      throw validationError("delayMs", "The delay must be between 0 and 10000 ms.");
    }
    const { title } = await ctx.runQuery(internal.tasks.suggestionContext, { taskId: args.taskId });
    console.log(`asking the suggestion service about "${title}" (${delayMs} ms)`);
    let titles: string[];
    try {
      titles = await fetchSuggestions(title, { failureRate, delayMs });
    } catch (error) {
      console.error(`the suggestion service failed: ${String(error)}`);
      throw error;
    }
    const result: SuggestSubtasksResult = await ctx.runMutation(internal.tasks.addSubtasks, {
      taskId: args.taskId,
      titles,
    });
    console.log(`saved ${result.added.length} suggested subtasks`);
    return result;
  },
});
