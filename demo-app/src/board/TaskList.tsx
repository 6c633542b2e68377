import { useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { Loading } from "../shell/Loading.js";
import { NewTaskForm } from "./NewTaskForm.js";
import { TaskRow } from "./TaskRow.js";

/** A board's tasks, live: another tab's edits appear here as they commit. */
export function TaskList({ board }: { readonly board: Doc<"boards"> }) {
  const tasks = useQuery(api.tasks.listByBoard, { boardId: board._id });
  const [openTaskId, setOpenTaskId] = useState<Id<"tasks"> | null>(null);
  const done = tasks?.filter((task) => task.completed).length ?? 0;
  return (
    <>
      <div className="section-header">
        <h2 id="tasks-heading">{board.name}</h2>
        {tasks ? (
          <span className="muted small" data-testid="task-count">
            {done} of {tasks.length} done
          </span>
        ) : null}
      </div>
      <NewTaskForm boardId={board._id} />
      {tasks === undefined ? (
        <Loading label="Loading tasks…" />
      ) : tasks.length === 0 ? (
        <p className="muted">No tasks yet. Add the first one above.</p>
      ) : (
        <ol className="tasks" aria-label="Tasks">
          {tasks.map((task, index) => (
            <TaskRow
              key={task._id}
              task={task}
              index={index}
              count={tasks.length}
              open={openTaskId === task._id}
              onToggleOpen={() => setOpenTaskId((id) => (id === task._id ? null : task._id))}
            />
          ))}
        </ol>
      )}
    </>
  );
}
