import { type Infer, v } from "convex/values";

/** Every kind of entry the activity feed can show; the app picks an icon per kind. */
export const activityKind = v.union(
  v.literal("board_created"),
  v.literal("board_renamed"),
  v.literal("board_locked"),
  v.literal("board_unlocked"),
  v.literal("task_created"),
  v.literal("task_updated"),
  v.literal("task_completed"),
  v.literal("task_reopened"),
  v.literal("task_moved"),
  v.literal("task_deleted"),
  v.literal("comment_added"),
  v.literal("subtasks_suggested"),
  v.literal("subtasks_completed"),
);

/** The TypeScript type of {@link activityKind}. */
export type ActivityKind = Infer<typeof activityKind>;
