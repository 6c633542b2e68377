import { useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { useGuardedCall } from "../toasts/useGuardedCall.js";

/**
 * Edits a task's title and notes. It sends the version it started from, so an edit made in another
 * tab meanwhile is reported (CONFLICT: "Someone else changed this…") instead of overwritten.
 */
export function TaskEditor({
  task,
  onDone,
}: {
  readonly task: Doc<"tasks">;
  readonly onDone: () => void;
}) {
  const titleId = useId();
  const notesId = useId();
  const [title, setTitle] = useState(task.title);
  const [notes, setNotes] = useState(task.notes);
  const [startedFrom] = useState(task.version);
  const guard = useGuardedCall();
  const update = useMutation(api.tasks.update);
  return (
    <form
      className="task-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void guard(async () => {
          await update({ taskId: task._id, title, notes, expectedVersion: startedFrom });
          onDone();
        });
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone();
      }}
    >
      <label htmlFor={titleId} className="visually-hidden">
        Title
      </label>
      <input
        id={titleId}
        value={title}
        maxLength={200}
        // biome-ignore lint/a11y/noAutofocus: the editor opens on the user's request; focus follows it.
        autoFocus
        onChange={(event) => setTitle(event.target.value)}
      />
      <label htmlFor={notesId} className="visually-hidden">
        Notes
      </label>
      <textarea
        id={notesId}
        value={notes}
        rows={2}
        placeholder="Notes"
        onChange={(event) => setNotes(event.target.value)}
      />
      <div className="row">
        <button type="submit" className="button button-primary">
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        {task.version !== startedFrom ? (
          <span className="muted small" role="status">
            Changed elsewhere since you started editing.
          </span>
        ) : null}
      </div>
    </form>
  );
}
