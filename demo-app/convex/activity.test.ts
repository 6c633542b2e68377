import { describe, expect, it } from "vitest";
import { api } from "./_generated/api.js";
import type { Doc, Id } from "./_generated/dataModel.js";
import { limits } from "./model/limits.js";
import { newBackend } from "./test.setup.js";

type Backend = ReturnType<typeof newBackend>;

async function allPages(t: Backend, numItems: number, boardId?: Id<"boards">) {
  const entries: Doc<"activity">[] = [];
  let cursor: string | null = null;
  for (let pages = 1; ; pages++) {
    const result: { page: Doc<"activity">[]; isDone: boolean; continueCursor: string } =
      await t.query(api.activity.list, {
        ...(boardId === undefined ? {} : { boardId }),
        paginationOpts: { numItems, cursor },
      });
    expect(result.page.length).toBeLessThanOrEqual(numItems);
    entries.push(...result.page);
    if (result.isDone) return { entries, pages };
    cursor = result.continueCursor;
  }
}

describe("activity feed", () => {
  it("records every write, newest first", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Board" });
    const taskId = await t.mutation(api.tasks.create, { boardId, title: "Ship" });
    await t.mutation(api.tasks.setCompleted, { taskId, completed: true });
    await t.mutation(api.comments.add, { taskId, body: "done!" });
    await t.mutation(api.tasks.remove, { taskId });
    const { entries } = await allPages(t, 10, boardId);
    expect(entries.map((entry) => entry.kind)).toEqual([
      "task_deleted",
      "comment_added",
      "task_completed",
      "task_created",
      "board_created",
    ]);
    expect(entries[0]).toMatchObject({ taskId, message: 'Task "Ship" deleted' });
  });

  it("pages through the feed without gaps or repeats", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Board" });
    for (let i = 0; i < 24; i++) await t.mutation(api.tasks.create, { boardId, title: `t${i}` });
    const { entries, pages } = await allPages(t, 10, boardId);
    expect(pages).toBe(3);
    expect(entries).toHaveLength(25);
    expect(new Set(entries.map((entry) => entry._id)).size).toBe(25);
    const seqs = entries.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(entries.at(-1)?.kind).toBe("board_created");
  });

  it("shows one board's entries when given a board, and every board's otherwise", async () => {
    const t = newBackend();
    const a = await t.mutation(api.boards.create, { name: "A" });
    const b = await t.mutation(api.boards.create, { name: "B" });
    await t.mutation(api.tasks.create, { boardId: a, title: "in A" });
    await t.mutation(api.tasks.create, { boardId: b, title: "in B" });
    const onlyA = await allPages(t, 10, a);
    expect(onlyA.entries.every((entry) => entry.boardId === a)).toBe(true);
    expect(onlyA.entries).toHaveLength(2);
    const everything = await allPages(t, 10);
    expect(everything.entries.map((entry) => entry.message)).toEqual([
      'Task "in B" created',
      'Task "in A" created',
      'Board "B" created',
      'Board "A" created',
    ]);
  });

  it("serves at most 100 entries a page, however many the client asks for", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Board" });
    await t.run(async (ctx) => {
      for (let seq = 2; seq <= limits.activityPageSize + 20; seq++) {
        await ctx.db.insert("activity", { boardId, seq, kind: "task_updated", message: "x" });
      }
    });
    const page = await t.query(api.activity.list, {
      boardId,
      paginationOpts: { numItems: 10_000, cursor: null },
    });
    expect(page.page).toHaveLength(limits.activityPageSize);
    expect(page.isDone).toBe(false);
  });

  it("keeps only the newest entries per board once the cap is reached", async () => {
    const t = newBackend();
    const boardId = await t.mutation(api.boards.create, { name: "Board" });
    const taskId = await t.mutation(api.tasks.create, { boardId, title: "flip" });
    for (let i = 0; i < limits.activityPerBoard; i++) {
      await t.mutation(api.tasks.setCompleted, { taskId, completed: i % 2 === 0 });
    }
    const { entries } = await allPages(t, 100, boardId);
    expect(entries).toHaveLength(limits.activityPerBoard);
    // 202 entries were written; the two oldest (board and task created) were trimmed.
    expect(entries.map((entry) => entry.kind)).not.toContain("board_created");
    expect(entries.map((entry) => entry.kind)).not.toContain("task_created");
    expect(entries[0]?.seq).toBe(limits.activityPerBoard + 2);
  });
});
