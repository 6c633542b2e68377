import { v } from "convex/values";
import { internal } from "./_generated/api.js";
import { recordActivity } from "./model/activity.js";
import { requireBoard, requireEditableBoard } from "./model/boards.js";
import { validationError } from "./model/errors.js";
import { limits } from "./model/limits.js";
import { seedDemoBoard } from "./model/seed.js";
import { cleanTitle } from "./model/text.js";
import { internalMutation, mutation, query } from "./traced.js";

/** Every board, oldest first (at most `limits.boards`). */
export const list = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("boards").take(limits.boards);
  },
});

/** One board. Fails with NOT_FOUND when it does not exist. */
export const get = query({
  args: { boardId: v.id("boards") },
  handler: async (ctx, { boardId }) => {
    return await requireBoard(ctx, boardId);
  },
});

/** Creates an unlocked board. Fails with VALIDATION on a bad name or when there are too many. */
export const create = mutation({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    const name = cleanTitle(args.name, "name");
    const existing = await ctx.db.query("boards").take(limits.boards);
    if (existing.length >= limits.boards) {
      throw validationError("name", `There can be at most ${limits.boards} boards.`);
    }
    const boardId = await ctx.db.insert("boards", { name, locked: false });
    await recordActivity(ctx, {
      boardId,
      kind: "board_created",
      message: `Board "${name}" created`,
    });
    return boardId;
  },
});

/** Renames a board. Fails with VALIDATION, NOT_FOUND, or FORBIDDEN when it is locked. */
export const rename = mutation({
  args: { boardId: v.id("boards"), name: v.string() },
  handler: async (ctx, args) => {
    const board = await requireEditableBoard(ctx, args.boardId);
    const name = cleanTitle(args.name, "name");
    if (name === board.name) return null;
    await ctx.db.patch("boards", board._id, { name });
    await recordActivity(ctx, {
      boardId: board._id,
      kind: "board_renamed",
      message: `Board "${board.name}" renamed to "${name}"`,
    });
    return null;
  },
});

/** Locks or unlocks a board; a locked board forbids every other edit. Fails with NOT_FOUND. */
export const setLocked = mutation({
  args: { boardId: v.id("boards"), locked: v.boolean() },
  handler: async (ctx, { boardId, locked }) => {
    const board = await requireBoard(ctx, boardId);
    if (board.locked === locked) return null;
    await ctx.db.patch("boards", boardId, { locked });
    await recordActivity(ctx, {
      boardId,
      kind: locked ? "board_locked" : "board_unlocked",
      message: `Board "${board.name}" ${locked ? "locked" : "unlocked"}`,
    });
    return null;
  },
});

/**
 * Removes a board at once and schedules the purge of its rows, which may be too many for one
 * transaction. Fails with NOT_FOUND, or FORBIDDEN when the board is locked.
 */
export const remove = mutation({
  args: { boardId: v.id("boards") },
  handler: async (ctx, { boardId }) => {
    const board = await requireEditableBoard(ctx, boardId);
    await ctx.db.delete("boards", boardId);
    await ctx.scheduler.runAfter(0, internal.boards.purge, { boardId });
    console.log(`removed board "${board.name}"; purging its rows`);
    return null;
  },
});

/**
 * Deletes up to `limits.purgeBatch` rows of a removed board, then schedules itself again until
 * none are left, so that every step stays a small transaction.
 */
export const purge = internalMutation({
  args: { boardId: v.id("boards") },
  handler: async (ctx, { boardId }) => {
    if ((await ctx.db.get("boards", boardId)) !== null) {
      console.warn("purge skipped: the board still exists");
      return null;
    }
    // Children first, tasks last: a task row is what lets anything find its children.
    let budget = limits.purgeBatch;
    const subtasks = await ctx.db
      .query("subtasks")
      .withIndex("by_board", (q) => q.eq("boardId", boardId))
      .take(budget);
    for (const row of subtasks) await ctx.db.delete("subtasks", row._id);
    budget -= subtasks.length;
    const comments = await ctx.db
      .query("comments")
      .withIndex("by_board", (q) => q.eq("boardId", boardId))
      .take(budget);
    for (const row of comments) await ctx.db.delete("comments", row._id);
    budget -= comments.length;
    const activity = await ctx.db
      .query("activity")
      .withIndex("by_board_seq", (q) => q.eq("boardId", boardId))
      .take(budget);
    for (const row of activity) await ctx.db.delete("activity", row._id);
    budget -= activity.length;
    const tasks = await ctx.db
      .query("tasks")
      .withIndex("by_board_order", (q) => q.eq("boardId", boardId))
      .take(budget);
    for (const row of tasks) await ctx.db.delete("tasks", row._id);
    budget -= tasks.length;
    const deleted = limits.purgeBatch - budget;
    if (budget <= 0) {
      await ctx.scheduler.runAfter(0, internal.boards.purge, { boardId });
    }
    console.log(`purged ${deleted} rows of a removed board${budget <= 0 ? "; more to go" : ""}`);
    return null;
  },
});

/** Creates the demo board unconditionally; for `npx convex run boards:seed` and tests. */
export const seed = internalMutation({
  args: {},
  handler: async (ctx) => {
    return await seedDemoBoard(ctx);
  },
});

/**
 * Creates the demo board when there is no board at all, so that a first run shows something.
 * The app calls it on start; it is a no-op afterwards.
 */
export const seedIfEmpty = mutation({
  args: {},
  handler: async (ctx) => {
    const first = await ctx.db.query("boards").first();
    if (first !== null) return { seeded: false, boardId: first._id };
    return { seeded: true, boardId: await seedDemoBoard(ctx) };
  },
});
