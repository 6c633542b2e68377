import { afterEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api.js";
import type { Id } from "./_generated/dataModel.js";
import { limits } from "./model/limits.js";
import { expectAppError, newBackend } from "./test.setup.js";

type Backend = ReturnType<typeof newBackend>;

async function boardWithTasks(t: Backend, titles: string[]) {
  const boardId = await t.mutation(api.boards.create, { name: "Board" });
  const ids: Id<"tasks">[] = [];
  for (const title of titles) ids.push(await t.mutation(api.tasks.create, { boardId, title }));
  return { boardId, ids };
}

async function titlesOf(t: Backend, boardId: Id<"boards">) {
  return (await t.query(api.tasks.listByBoard, { boardId })).map((task) => task.title);
}

async function feedKinds(t: Backend, boardId: Id<"boards">) {
  const page = await t.query(api.activity.list, {
    boardId,
    paginationOpts: { numItems: 100, cursor: null },
  });
  return page.page.map((entry) => entry.kind);
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("tasks", () => {
  it("lists a board's tasks in the order they were created", async () => {
    const t = newBackend();
    const { boardId } = await boardWithTasks(t, ["one", "two", "three"]);
    expect(await titlesOf(t, boardId)).toEqual(["one", "two", "three"]);
    const tasks = await t.query(api.tasks.listByBoard, { boardId });
    expect(tasks.every((task) => !task.completed && task.version === 1)).toBe(true);
  });

  it("rejects an empty or too-long title, or too-long notes, with VALIDATION", async () => {
    const t = newBackend();
    const { boardId } = await boardWithTasks(t, []);
    const empty = await expectAppError(
      t.mutation(api.tasks.create, { boardId, title: " \n " }),
      "VALIDATION",
    );
    expect(empty.field).toBe("title");
    await expectAppError(
      t.mutation(api.tasks.create, { boardId, title: "x".repeat(limits.titleLength + 1) }),
      "VALIDATION",
    );
    const notes = await expectAppError(
      t.mutation(api.tasks.create, {
        boardId,
        title: "ok",
        notes: "n".repeat(limits.notesLength + 1),
      }),
      "VALIDATION",
    );
    expect(notes.field).toBe("notes");
    expect(await titlesOf(t, boardId)).toEqual([]);
  });

  it("refuses a task beyond the per-board cap with VALIDATION", async () => {
    const t = newBackend();
    const { boardId } = await boardWithTasks(t, []);
    await t.run(async (ctx) => {
      for (let i = 0; i < limits.tasksPerBoard; i++) {
        await ctx.db.insert("tasks", {
          boardId,
          title: `Task ${i}`,
          notes: "",
          completed: false,
          order: i + 1,
          version: 1,
        });
      }
    });
    await expectAppError(t.mutation(api.tasks.create, { boardId, title: "More" }), "VALIDATION");
    expect(await titlesOf(t, boardId)).toHaveLength(limits.tasksPerBoard);
  });

  it("completes and reopens a task, bumping its version and writing the feed", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["ship"]);
    const taskId = ids[0]!;
    expect(await t.mutation(api.tasks.setCompleted, { taskId, completed: true })).toEqual({
      version: 2,
    });
    expect((await t.query(api.tasks.listByBoard, { boardId }))[0]).toMatchObject({
      completed: true,
      version: 2,
    });
    await t.mutation(api.tasks.setCompleted, { taskId, completed: false });
    expect((await feedKinds(t, boardId)).slice(0, 2)).toEqual(["task_reopened", "task_completed"]);
  });

  it("treats completing a completed task as a no-op, so racing toggles settle quietly", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["ship"]);
    const taskId = ids[0]!;
    await t.mutation(api.tasks.setCompleted, { taskId, completed: true });
    const before = await feedKinds(t, boardId);
    expect(await t.mutation(api.tasks.setCompleted, { taskId, completed: true })).toEqual({
      version: 2,
    });
    expect(await feedKinds(t, boardId)).toEqual(before);
  });

  it("edits a title and notes, and rejects an edit of an older version with CONFLICT", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["draft"]);
    const taskId = ids[0]!;
    const { version } = await t.mutation(api.tasks.update, {
      taskId,
      title: "final",
      notes: "with notes",
      expectedVersion: 1,
    });
    expect(version).toBe(2);
    expect((await t.query(api.tasks.listByBoard, { boardId }))[0]).toMatchObject({
      title: "final",
      notes: "with notes",
    });
    const conflict = await expectAppError(
      t.mutation(api.tasks.update, { taskId, title: "stale", expectedVersion: 1 }),
      "CONFLICT",
    );
    expect(conflict).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await titlesOf(t, boardId)).toEqual(["final"]);
    await expectAppError(t.mutation(api.tasks.update, { taskId }), "VALIDATION");
    await expectAppError(t.mutation(api.tasks.update, { taskId, title: "" }), "VALIDATION");
  });

  it("moves a task to the front, the middle and the end", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b", "c", "d"]);
    const [a, , , d] = ids;
    await t.mutation(api.tasks.move, { taskId: d!, toIndex: 0 });
    expect(await titlesOf(t, boardId)).toEqual(["d", "a", "b", "c"]);
    await t.mutation(api.tasks.move, { taskId: d!, toIndex: 2 });
    expect(await titlesOf(t, boardId)).toEqual(["a", "b", "d", "c"]);
    await t.mutation(api.tasks.move, { taskId: a!, toIndex: 3 });
    expect(await titlesOf(t, boardId)).toEqual(["b", "d", "c", "a"]);
    expect((await feedKinds(t, boardId))[0]).toBe("task_moved");
  });

  it("treats a move to where the task already is as a no-op", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b"]);
    const taskId = ids[1]!;
    const before = await feedKinds(t, boardId);
    expect(await t.mutation(api.tasks.move, { taskId, toIndex: 1 })).toEqual({ version: 1 });
    expect(await titlesOf(t, boardId)).toEqual(["a", "b"]);
    expect(await feedKinds(t, boardId)).toEqual(before);
  });

  it("keeps the order right when repeated moves exhaust the gap between two tasks", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b", "c"]);
    const [, b, c] = ids;
    // Alternately slot c and b into position 1: each move halves the gap next to "a", so a
    // double runs out of precision after ~50 moves unless the board is renumbered.
    for (let i = 0; i < 40; i++) {
      await t.mutation(api.tasks.move, { taskId: c!, toIndex: 1 });
      await t.mutation(api.tasks.move, { taskId: b!, toIndex: 1 });
    }
    expect(await titlesOf(t, boardId)).toEqual(["a", "b", "c"]);
    const orders = (await t.query(api.tasks.listByBoard, { boardId })).map((task) => task.order);
    expect(new Set(orders).size).toBe(3);
  });

  it("rejects a move to a position out of range, or not whole, with VALIDATION", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b"]);
    const taskId = ids[0]!;
    for (const toIndex of [-1, 2, 0.5, Number.NaN]) {
      const data = await expectAppError(
        t.mutation(api.tasks.move, { taskId, toIndex }),
        "VALIDATION",
      );
      expect(data.field).toBe("toIndex");
    }
    expect(await titlesOf(t, boardId)).toEqual(["a", "b"]);
  });

  it("rejects a move of an older version with CONFLICT", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b"]);
    const taskId = ids[0]!;
    await t.mutation(api.tasks.setCompleted, { taskId, completed: true });
    await expectAppError(
      t.mutation(api.tasks.move, { taskId, toIndex: 1, expectedVersion: 1 }),
      "CONFLICT",
    );
    await t.mutation(api.tasks.move, { taskId, toIndex: 1, expectedVersion: 2 });
    expect(await titlesOf(t, boardId)).toEqual(["b", "a"]);
  });

  it("deletes a task with its comments and subtasks, and says so in the feed", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["doomed", "kept"]);
    const [doomed, kept] = ids;
    await t.mutation(api.comments.add, { taskId: doomed!, body: "bye" });
    await t.mutation(api.comments.add, { taskId: kept!, body: "stay" });
    await t.mutation(internal.tasks.addSubtasks, { taskId: doomed!, titles: ["x", "y"] });
    await t.mutation(api.tasks.remove, { taskId: doomed! });

    expect(await titlesOf(t, boardId)).toEqual(["kept"]);
    const left = await t.run(async (ctx) => ({
      comments: (await ctx.db.query("comments").collect()).map((comment) => comment.body),
      subtasks: (await ctx.db.query("subtasks").collect()).length,
    }));
    expect(left).toEqual({ comments: ["stay"], subtasks: 0 });
    expect((await feedKinds(t, boardId))[0]).toBe("task_deleted");
    await expectAppError(t.query(api.comments.listByTask, { taskId: doomed! }), "NOT_FOUND");
  });

  it("fails with NOT_FOUND for every operation on a deleted task", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["gone"]);
    const taskId = ids[0]!;
    await t.mutation(api.tasks.remove, { taskId });
    const data = await expectAppError(
      t.mutation(api.tasks.setCompleted, { taskId, completed: true }),
      "NOT_FOUND",
    );
    expect(data).toMatchObject({ table: "tasks", id: taskId });
    await expectAppError(t.mutation(api.tasks.update, { taskId, title: "x" }), "NOT_FOUND");
    await expectAppError(t.mutation(api.tasks.move, { taskId, toIndex: 0 }), "NOT_FOUND");
    await expectAppError(t.mutation(api.tasks.remove, { taskId }), "NOT_FOUND");
    await expectAppError(t.query(api.tasks.listSubtasks, { taskId }), "NOT_FOUND");
    await expectAppError(t.mutation(api.comments.add, { taskId, body: "hello?" }), "NOT_FOUND");
  });

  it("forbids every edit of a task on a locked board, and allows them again once unlocked", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b"]);
    const taskId = ids[0]!;
    await t.mutation(api.boards.setLocked, { boardId, locked: true });
    await expectAppError(t.mutation(api.tasks.create, { boardId, title: "c" }), "FORBIDDEN");
    await expectAppError(t.mutation(api.tasks.update, { taskId, title: "x" }), "FORBIDDEN");
    await expectAppError(
      t.mutation(api.tasks.setCompleted, { taskId, completed: true }),
      "FORBIDDEN",
    );
    await expectAppError(t.mutation(api.tasks.move, { taskId, toIndex: 1 }), "FORBIDDEN");
    await expectAppError(t.mutation(api.tasks.remove, { taskId }), "FORBIDDEN");
    await expectAppError(t.mutation(api.comments.add, { taskId, body: "hi" }), "FORBIDDEN");
    await expectAppError(
      t.mutation(internal.tasks.addSubtasks, { taskId, titles: ["x"] }),
      "FORBIDDEN",
    );
    // Reads still work on a locked board.
    expect(await titlesOf(t, boardId)).toEqual(["a", "b"]);

    await t.mutation(api.boards.setLocked, { boardId, locked: false });
    await t.mutation(api.tasks.setCompleted, { taskId, completed: true });
  });
});

describe("subtasks", () => {
  it("saves suggested subtasks once each, up to the per-task cap", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["plan"]);
    const taskId = ids[0]!;
    const first = await t.mutation(internal.tasks.addSubtasks, {
      taskId,
      titles: ["one", " one ", "", "two"],
    });
    expect(first.added).toEqual(["one", "two"]);
    const many = Array.from({ length: 20 }, (_, i) => `step ${i}`);
    const second = await t.mutation(internal.tasks.addSubtasks, { taskId, titles: many });
    expect(second.added).toHaveLength(limits.subtasksPerTask - 2);
    const subtasks = await t.query(api.tasks.listSubtasks, { taskId });
    expect(subtasks.map((subtask) => subtask.title).slice(0, 3)).toEqual(["one", "two", "step 0"]);
    expect(subtasks).toHaveLength(limits.subtasksPerTask);
  });

  it("ticking the last open subtask schedules a summary in the activity feed", async () => {
    vi.useFakeTimers();
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["plan"]);
    const taskId = ids[0]!;
    await t.mutation(internal.tasks.addSubtasks, { taskId, titles: ["one", "two"] });
    const [one, two] = await t.query(api.tasks.listSubtasks, { taskId });
    await t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: one!._id, completed: true });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await feedKinds(t, boardId)).not.toContain("subtasks_completed");

    await t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: two!._id, completed: true });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const page = await t.query(api.activity.list, {
      boardId,
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(page.page[0]).toMatchObject({
      kind: "subtasks_completed",
      taskId,
      message: 'All 2 subtasks of "plan" are done',
    });
  });

  it("writes no summary when a subtask is reopened before the scheduled summary runs", async () => {
    vi.useFakeTimers();
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["plan"]);
    const taskId = ids[0]!;
    await t.mutation(internal.tasks.addSubtasks, { taskId, titles: ["only"] });
    const [only] = await t.query(api.tasks.listSubtasks, { taskId });
    await t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: only!._id, completed: true });
    await t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: only!._id, completed: false });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const scheduled = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(scheduled.map((job) => [job.name, job.state.kind])).toEqual([
      ["activity:summarizeSubtasks", "success"],
    ]);
    expect(await feedKinds(t, boardId)).not.toContain("subtasks_completed");
  });

  it("fails with NOT_FOUND for a deleted subtask and FORBIDDEN on a locked board", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["plan"]);
    const taskId = ids[0]!;
    await t.mutation(internal.tasks.addSubtasks, { taskId, titles: ["one"] });
    const [one] = await t.query(api.tasks.listSubtasks, { taskId });
    await t.mutation(api.boards.setLocked, { boardId, locked: true });
    await expectAppError(
      t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: one!._id, completed: true }),
      "FORBIDDEN",
    );
    await t.mutation(api.boards.setLocked, { boardId, locked: false });
    await t.mutation(api.tasks.remove, { taskId });
    await expectAppError(
      t.mutation(api.tasks.setSubtaskCompleted, { subtaskId: one!._id, completed: true }),
      "NOT_FOUND",
    );
  });
});

describe("suggestSubtasks", () => {
  it("saves the service's suggestions through addSubtasks when the service answers", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["Write the docs"]);
    const taskId = ids[0]!;
    const result = await t.action(api.tasks.suggestSubtasks, {
      taskId,
      failureRate: 0,
      delayMs: 0,
    });
    expect(result.added).toHaveLength(3);
    expect(result.added.every((title) => title.includes("Write the docs"))).toBe(true);
    const saved = await t.query(api.tasks.listSubtasks, { taskId });
    expect(saved.map((subtask) => subtask.title)).toEqual(result.added);
    expect((await feedKinds(t, boardId))[0]).toBe("subtasks_suggested");

    // The same task gets the same suggestions, which are not saved twice.
    const again = await t.action(api.tasks.suggestSubtasks, {
      taskId,
      failureRate: 0,
      delayMs: 0,
    });
    expect(again.added).toEqual([]);
  });

  it("fails with the service's plain error and saves nothing when the service fails", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["Write the docs"]);
    const taskId = ids[0]!;
    await expect(
      t.action(api.tasks.suggestSubtasks, { taskId, failureRate: 1, delayMs: 0 }),
    ).rejects.toThrow("Suggestion service unavailable");
    expect(await t.query(api.tasks.listSubtasks, { taskId })).toEqual([]);
  });

  it("takes its failure rate from SUGGEST_FAILURE_RATE when the caller gives none", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["Write the docs"]);
    const taskId = ids[0]!;
    vi.stubEnv("SUGGEST_DELAY_MS", "0");
    vi.stubEnv("SUGGEST_FAILURE_RATE", "1");
    await expect(t.action(api.tasks.suggestSubtasks, { taskId })).rejects.toThrow(
      "Suggestion service unavailable",
    );
    vi.stubEnv("SUGGEST_FAILURE_RATE", "0");
    expect((await t.action(api.tasks.suggestSubtasks, { taskId })).added).toHaveLength(3);
  });

  it("takes a few hundred milliseconds by default, like a slow external service", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["Write the docs"]);
    const started = performance.now();
    await t.action(api.tasks.suggestSubtasks, { taskId: ids[0]!, failureRate: 0 });
    // The default delay is 250–549 ms; the lower bound is what a user notices.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("rejects a failure rate or delay out of range with VALIDATION", async () => {
    const t = newBackend();
    const { ids } = await boardWithTasks(t, ["Write the docs"]);
    const taskId = ids[0]!;
    const rate = await expectAppError(
      t.action(api.tasks.suggestSubtasks, { taskId, failureRate: 1.5 }),
      "VALIDATION",
    );
    expect(rate.field).toBe("failureRate");
    await expectAppError(
      t.action(api.tasks.suggestSubtasks, { taskId, failureRate: 0, delayMs: -1 }),
      "VALIDATION",
    );
  });

  it("fails with FORBIDDEN on a locked board and NOT_FOUND for a deleted task", async () => {
    const t = newBackend();
    const { boardId, ids } = await boardWithTasks(t, ["a", "b"]);
    const [a, b] = ids;
    await t.mutation(api.tasks.remove, { taskId: b! });
    await expectAppError(
      t.action(api.tasks.suggestSubtasks, { taskId: b!, failureRate: 0, delayMs: 0 }),
      "NOT_FOUND",
    );
    await t.mutation(api.boards.setLocked, { boardId, locked: true });
    await expectAppError(
      t.action(api.tasks.suggestSubtasks, { taskId: a!, failureRate: 0, delayMs: 0 }),
      "FORBIDDEN",
    );
  });
});
