import type { OptimisticLocalStore } from "convex/browser";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";

// Optimistic updates: the board changes the moment a box is ticked or a task moves, and Convex
// rolls the change back by itself if the mutation fails (convex/src/browser/sync/optimistic_updates.ts).
// They edit every loaded copy of `tasks:listByBoard`, whichever board's it is.

type Tasks = Doc<"tasks">[];

function updateTaskLists(store: OptimisticLocalStore, change: (tasks: Tasks) => Tasks): void {
  for (const { args, value } of store.getAllQueries(api.tasks.listByBoard)) {
    if (value !== undefined) store.setQuery(api.tasks.listByBoard, args, change(value));
  }
}

/** `tasks:setCompleted`: the box is ticked (or cleared) before the server answers. */
export function completeTaskLocally(
  store: OptimisticLocalStore,
  { taskId, completed }: { taskId: Id<"tasks">; completed: boolean },
): void {
  updateTaskLists(store, (tasks) =>
    tasks.map((task) => (task._id === taskId ? { ...task, completed } : task)),
  );
}

/** `tasks:move`: the task jumps to `toIndex` among the others, as the server will place it. */
export function moveTaskLocally(
  store: OptimisticLocalStore,
  { taskId, toIndex }: { taskId: Id<"tasks">; toIndex: number },
): void {
  updateTaskLists(store, (tasks) => {
    const task = tasks.find((candidate) => candidate._id === taskId);
    if (task === undefined) return tasks;
    const others = tasks.filter((candidate) => candidate._id !== taskId);
    const index = Math.max(0, Math.min(toIndex, others.length));
    return [...others.slice(0, index), task, ...others.slice(index)];
  });
}

/** `tasks:remove`: the task disappears at once. */
export function removeTaskLocally(
  store: OptimisticLocalStore,
  { taskId }: { taskId: Id<"tasks"> },
): void {
  updateTaskLists(store, (tasks) => tasks.filter((task) => task._id !== taskId));
}
