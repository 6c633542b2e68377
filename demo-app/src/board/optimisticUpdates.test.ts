import type { OptimisticLocalStore } from "convex/browser";
import { getFunctionName } from "convex/server";
import { describe, expect, it } from "vitest";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { completeTaskLocally, moveTaskLocally, removeTaskLocally } from "./optimisticUpdates.js";

function task(id: string, order: number, boardId = "b1"): Doc<"tasks"> {
  return {
    _id: id as Id<"tasks">,
    _creationTime: order,
    boardId: boardId as Id<"boards">,
    title: `Task ${id}`,
    notes: "",
    completed: false,
    order,
    version: 1,
  };
}

/** A local store holding the given `tasks:listByBoard` results, keyed by board. */
function storeWith(lists: Record<string, Doc<"tasks">[] | undefined>) {
  const values = new Map(Object.entries(lists));
  const store = {
    getAllQueries(query: unknown) {
      expect(getFunctionName(query as never)).toBe("tasks:listByBoard");
      return [...values].map(([boardId, value]) => ({ args: { boardId }, value }));
    },
    setQuery(_query: unknown, args: { boardId: string }, value: Doc<"tasks">[]) {
      values.set(args.boardId, value);
    },
    getQuery: () => undefined,
  };
  return { store: store as unknown as OptimisticLocalStore, values };
}

const ids = (tasks: Doc<"tasks">[] | undefined) => tasks?.map((t) => t._id);

describe("optimistic task updates", () => {
  it("ticks a task's box before the server answers, leaving other tasks alone", () => {
    const { store, values } = storeWith({ b1: [task("a", 1), task("b", 2)] });
    completeTaskLocally(store, { taskId: "b" as Id<"tasks">, completed: true });
    expect(values.get("b1")?.map((t) => t.completed)).toEqual([false, true]);
  });

  it("moves a task to the position the server will give it, clamping a far index", () => {
    const { store, values } = storeWith({ b1: [task("a", 1), task("b", 2), task("c", 3)] });
    moveTaskLocally(store, { taskId: "c" as Id<"tasks">, toIndex: 0 });
    expect(ids(values.get("b1"))).toEqual(["c", "a", "b"]);
    moveTaskLocally(store, { taskId: "c" as Id<"tasks">, toIndex: 99 });
    expect(ids(values.get("b1"))).toEqual(["a", "b", "c"]);
  });

  it("removes a deleted task from every loaded board list and skips lists still loading", () => {
    const { store, values } = storeWith({ b1: [task("a", 1), task("b", 2)], b2: undefined });
    removeTaskLocally(store, { taskId: "a" as Id<"tasks"> });
    expect(ids(values.get("b1"))).toEqual(["b"]);
    expect(values.get("b2")).toBeUndefined();
  });
});
