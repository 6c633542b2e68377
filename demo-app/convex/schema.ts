import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { activityKind } from "./model/activityKind.js";

/**
 * The task board's tables. Every child row carries its `boardId` so that a board's rows can be
 * counted and purged through an index, without walking its tasks first.
 */
export default defineSchema({
  boards: defineTable({
    name: v.string(),
    /** A locked board forbids every edit except unlocking it. */
    locked: v.boolean(),
  }),

  tasks: defineTable({
    boardId: v.id("boards"),
    title: v.string(),
    notes: v.string(),
    completed: v.boolean(),
    /** Position on the board; fractional so that a move touches one row. */
    order: v.number(),
    /** Bumped on every write, so that a client can detect a stale edit (CONFLICT). */
    version: v.number(),
  }).index("by_board_order", ["boardId", "order"]),

  subtasks: defineTable({
    taskId: v.id("tasks"),
    boardId: v.id("boards"),
    title: v.string(),
    completed: v.boolean(),
  })
    .index("by_task", ["taskId"])
    .index("by_board", ["boardId"]),

  comments: defineTable({
    taskId: v.id("tasks"),
    boardId: v.id("boards"),
    author: v.string(),
    body: v.string(),
    /** Set from the mutation's clock; the rate limit counts comments by it. */
    createdAt: v.number(),
  })
    .index("by_task_createdAt", ["taskId", "createdAt"])
    .index("by_board", ["boardId"]),

  activity: defineTable({
    boardId: v.id("boards"),
    /** Per-board sequence number; it makes trimming the feed to its cap one index range. */
    seq: v.number(),
    kind: activityKind,
    message: v.string(),
    taskId: v.optional(v.id("tasks")),
  }).index("by_board_seq", ["boardId", "seq"]),
});
