import type { Id } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { recordActivity } from "./activity.js";

const demoTasks: { title: string; notes: string; completed: boolean }[] = [
  { title: "Sketch the launch checklist", notes: "Keep it to one page.", completed: true },
  { title: "Write the announcement post", notes: "", completed: false },
  { title: "Record a two-minute demo video", notes: "Show the DevTools panel.", completed: false },
  { title: "Invite five beta testers", notes: "", completed: false },
  { title: "Fix the flaky signup test", notes: "Seen twice this week.", completed: true },
  { title: "Plan the retro", notes: "", completed: false },
];

/**
 * Creates the demo board with a handful of tasks, a subtask and a comment, so that a first run
 * shows something. Shared by the internal `boards:seed` and the public `boards:seedIfEmpty`.
 */
export async function seedDemoBoard(ctx: MutationCtx): Promise<Id<"boards">> {
  const boardId = await ctx.db.insert("boards", { name: "Launch plan", locked: false });
  await recordActivity(ctx, {
    boardId,
    kind: "board_created",
    message: 'Board "Launch plan" created',
  });
  let order = 0;
  let firstTaskId: Id<"tasks"> | undefined;
  for (const task of demoTasks) {
    order += 1;
    const taskId = await ctx.db.insert("tasks", { ...task, boardId, order, version: 1 });
    firstTaskId ??= taskId;
    await recordActivity(ctx, {
      boardId,
      taskId,
      kind: "task_created",
      message: `Task "${task.title}" created`,
    });
  }
  if (firstTaskId !== undefined) {
    await ctx.db.insert("subtasks", {
      taskId: firstTaskId,
      boardId,
      title: "Agree on the launch date",
      completed: true,
    });
    await ctx.db.insert("comments", {
      taskId: firstTaskId,
      boardId,
      author: "Ada",
      body: "Looks good to me. Ship it!",
      createdAt: Date.now(),
    });
  }
  console.log(`seeded the demo board with ${demoTasks.length} tasks`);
  return boardId;
}
