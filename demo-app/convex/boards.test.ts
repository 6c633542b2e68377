import { afterEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api.js";
import { limits } from "./model/limits.js";
import { expectAppError, newBackend } from "./test.setup.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("boards", () => {
  it("seeds a demo board with tasks on the first run only", async () => {
    const t = newBackend();
    const first = await t.mutation(api.boards.seedIfEmpty, {});
    expect(first.seeded).toBe(true);
    const second = await t.mutation(api.boards.seedIfEmpty, {});
    expect(second).toEqual({ seeded: false, boardId: first.boardId });

    const boards = await t.query(api.boards.list, {});
    expect(boards.map((board) => board.name)).toEqual(["Launch plan"]);
    const tasks = await t.query(api.tasks.listByBoard, { boardId: first.boardId });
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    expect(tasks.some((task) => task.completed)).toBe(true);
  });

  it("the internal seed adds another demo board even when boards exist", async () => {
    const t = newBackend();
    await t.mutation(api.boards.create, { name: "Mine" });
    await t.mutation(internal.boards.seed, {});
    const names = (await t.query(api.boards.list, {})).map((board) => board.name);
    expect(names).toEqual(["Mine", "Launch plan"]);
  });

  it("creates, renames and lists boards oldest first, trimming names", async () => {
    const t = newBackend();
    const a = await t.mutation(api.boards.create, { name: "  Alpha  " });
    await t.mutation(api.boards.create, { name: "Beta" });
    await t.mutation(api.boards.rename, { boardId: a, name: "Gamma" });
    const names = (await t.query(api.boards.list, {})).map((board) => board.name);
    expect(names).toEqual(["Gamma", "Beta"]);
    expect(await t.query(api.boards.get, { boardId: a })).toMatchObject({
      name: "Gamma",
      locked: false,
    });
  });

  it("rejects an empty or too-long board name with VALIDATION", async () => {
    const t = newBackend();
    const empty = await expectAppError(
      t.mutation(api.boards.create, { name: "   " }),
      "VALIDATION",
    );
    expect(empty.field).toBe("name");
    await expectAppError(
      t.mutation(api.boards.create, { name: "x".repeat(limits.titleLength + 1) }),
      "VALIDATION",
    );
    expect(await t.query(api.boards.list, {})).toEqual([]);
  });

  it("refuses a board beyond the cap with VALIDATION", async () => {
    const t = newBackend();
    await t.run(async (ctx) => {
      for (let i = 0; i < limits.boards; i++) {
        await ctx.db.insert("boards", { name: `Board ${i}`, locked: false });
      }
    });
    await expectAppError(t.mutation(api.boards.create, { name: "One too many" }), "VALIDATION");
    expect(await t.query(api.boards.list, {})).toHaveLength(limits.boards);
  });

  it("a locked board refuses renames and removal with FORBIDDEN until it is unlocked", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Frozen" });
    await t.mutation(api.boards.setLocked, { boardId, locked: true });
    const forbidden = await expectAppError(
      t.mutation(api.boards.rename, { boardId, name: "Thawed" }),
      "FORBIDDEN",
    );
    expect(forbidden.boardId).toBe(boardId);
    await expectAppError(t.mutation(api.boards.remove, { boardId }), "FORBIDDEN");

    await t.mutation(api.boards.setLocked, { boardId, locked: false });
    await t.mutation(api.boards.rename, { boardId, name: "Thawed" });
    expect((await t.query(api.boards.get, { boardId })).name).toBe("Thawed");
  });

  it("fails with NOT_FOUND for a board that was removed", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Short-lived" });
    await t.mutation(api.boards.remove, { boardId });
    const data = await expectAppError(t.query(api.boards.get, { boardId }), "NOT_FOUND");
    expect(data).toMatchObject({ table: "boards", id: boardId });
    await expectAppError(t.query(api.tasks.listByBoard, { boardId }), "NOT_FOUND");
    await expectAppError(t.mutation(api.boards.rename, { boardId, name: "x" }), "NOT_FOUND");
    await expectAppError(t.mutation(api.boards.setLocked, { boardId, locked: true }), "NOT_FOUND");
    await expectAppError(t.mutation(api.tasks.create, { boardId, title: "Too late" }), "NOT_FOUND");
  });

  it("purges a removed board's rows in scheduled batches until none are left", async () => {
    vi.useFakeTimers();
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Busy" });
    const keep = await t.mutation(api.boards.create, { name: "Keep" });
    await t.mutation(api.tasks.create, { boardId: keep, title: "Survives" });
    // More rows than one purge step deletes, so the purge must schedule itself again.
    await t.run(async (ctx) => {
      for (let i = 0; i < limits.tasksPerBoard; i++) {
        const taskId = await ctx.db.insert("tasks", {
          boardId,
          title: `Task ${i}`,
          notes: "",
          completed: false,
          order: i + 1,
          version: 1,
        });
        await ctx.db.insert("comments", {
          taskId,
          boardId,
          author: "Ada",
          body: "hi",
          createdAt: i,
        });
        await ctx.db.insert("subtasks", { taskId, boardId, title: "step", completed: false });
      }
    });
    await t.mutation(api.boards.remove, { boardId });
    await t.finishAllScheduledFunctions(vi.runAllTimers);

    const left = await t.run(async (ctx) => ({
      tasks: (await ctx.db.query("tasks").collect()).map((task) => task.title),
      comments: (await ctx.db.query("comments").collect()).length,
      subtasks: (await ctx.db.query("subtasks").collect()).length,
      activityBoards: (await ctx.db.query("activity").collect()).map((entry) => entry.boardId),
      purges: (await ctx.db.system.query("_scheduled_functions").collect()).filter(
        (job) => job.name === "boards:purge",
      ),
    }));
    expect(left.tasks).toEqual(["Survives"]);
    expect(left.comments).toBe(0);
    expect(left.subtasks).toBe(0);
    expect(new Set(left.activityBoards)).toEqual(new Set([keep]));
    expect(left.purges.length).toBeGreaterThan(1);
    expect(left.purges.every((job) => job.state.kind === "success")).toBe(true);
  });
});
