import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { ViewBoundary } from "../shell/ViewError.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";
import { completeTaskLocally, moveTaskLocally, removeTaskLocally } from "./optimisticUpdates.js";
import { TaskDetails } from "./TaskDetails.js";
import { TaskEditor } from "./TaskEditor.js";

/**
 * One task: tick it (optimistic), open its subtasks and comments, edit, move or delete it. The
 * moves are buttons rather than drag and drop, so a keyboard can do everything a mouse can.
 */
export function TaskRow({
  task,
  index,
  count,
  open,
  onToggleOpen,
}: {
  readonly task: Doc<"tasks">;
  readonly index: number;
  readonly count: number;
  readonly open: boolean;
  readonly onToggleOpen: () => void;
}) {
  const guard = useGuardedCall();
  const [editing, setEditing] = useState(false);
  const setCompleted = useMutation(api.tasks.setCompleted).withOptimisticUpdate(
    completeTaskLocally,
  );
  const move = useMutation(api.tasks.move).withOptimisticUpdate(moveTaskLocally);
  const remove = useMutation(api.tasks.remove).withOptimisticUpdate(removeTaskLocally);
  const checkboxId = `task-${task._id}`;
  const detailsId = `task-details-${task._id}`;

  return (
    <li className={task.completed ? "task task-done" : "task"} data-task-title={task.title}>
      <div className="task-main">
        <input
          id={checkboxId}
          type="checkbox"
          checked={task.completed}
          aria-label={`Done: ${task.title}`}
          onChange={(event) => {
            const completed = event.target.checked;
            void guard(() => setCompleted({ taskId: task._id, completed }));
          }}
        />
        {editing ? (
          <TaskEditor task={task} onDone={() => setEditing(false)} />
        ) : (
          <button
            type="button"
            className="task-title"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={onToggleOpen}
          >
            <span>{task.title}</span>
            {task.notes ? <span className="task-notes">{task.notes}</span> : null}
          </button>
        )}
        {editing ? null : (
          <div className="task-actions">
            <button
              type="button"
              className="button-icon"
              aria-label={`Move up: ${task.title}`}
              disabled={index === 0}
              onClick={() => guard(() => move({ taskId: task._id, toIndex: index - 1 }))}
            >
              ↑
            </button>
            <button
              type="button"
              className="button-icon"
              aria-label={`Move down: ${task.title}`}
              disabled={index === count - 1}
              onClick={() => guard(() => move({ taskId: task._id, toIndex: index + 1 }))}
            >
              ↓
            </button>
            <button
              type="button"
              className="button-icon"
              aria-label={`Edit: ${task.title}`}
              onClick={() => setEditing(true)}
            >
              ✎
            </button>
            <button
              type="button"
              className="button-icon button-danger"
              aria-label={`Delete: ${task.title}`}
              onClick={() => guard(() => remove({ taskId: task._id }))}
            >
              ×
            </button>
          </div>
        )}
      </div>
      {open ? (
        <div id={detailsId} className="task-details">
          <ViewBoundary name="task details">
            <TaskDetails task={task} />
          </ViewBoundary>
        </div>
      ) : null}
    </li>
  );
}
