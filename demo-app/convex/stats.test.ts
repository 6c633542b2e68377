import { describe, expect, it } from "vitest";
import { api, internal } from "./_generated/api.js";
import { newBackend } from "./test.setup.js";

describe("stats:overview", () => {
  it("counts each board's rows and the totals", async () => {
    const t = newBackend();
    const a = await t.mutation(api.boards.create, { name: "A" });
    const b = await t.mutation(api.boards.create, { name: "B" });
    const task = await t.mutation(api.tasks.create, { boardId: a, title: "one" });
    await t.mutation(api.tasks.create, { boardId: a, title: "two" });
    await t.mutation(api.tasks.create, { boardId: b, title: "three" });
    await t.mutation(api.tasks.setCompleted, { taskId: task, completed: true });
    await t.mutation(api.comments.add, { taskId: task, body: "hi" });
    await t.mutation(internal.tasks.addSubtasks, { taskId: task, titles: ["x", "y"] });
    await t.mutation(api.boards.setLocked, { boardId: b, locked: true });

    const overview = await t.query(api.stats.overview, {});
    expect(overview.boards).toEqual([
      {
        boardId: a,
        name: "A",
        locked: false,
        tasks: 2,
        completedTasks: 1,
        subtasks: 2,
        comments: 1,
        activity: 6,
      },
      {
        boardId: b,
        name: "B",
        locked: true,
        tasks: 1,
        completedTasks: 0,
        subtasks: 0,
        comments: 0,
        activity: 3,
      },
    ]);
    expect(overview.totals).toEqual({
      boards: 2,
      tasks: 3,
      completedTasks: 1,
      subtasks: 2,
      comments: 1,
      activity: 9,
    });
    const onlyB = await t.query(api.stats.overview, { boardId: b });
    expect(onlyB.boards.map((stats) => stats.name)).toEqual(["B"]);
  });
});
