import { useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { useGuardedCall } from "../toasts/useGuardedCall.js";

/**
 * Adds a task. The text stays in the box until a create succeeds (from the button or from the
 * toast's Retry), so a failed write never loses what was typed.
 */
export function NewTaskForm({ boardId }: { readonly boardId: Id<"boards"> }) {
  const inputId = useId();
  const [title, setTitle] = useState("");
  const guard = useGuardedCall();
  const create = useMutation(api.tasks.create);
  return (
    <form
      className="new-task"
      onSubmit={(event) => {
        event.preventDefault();
        const submitted = title;
        void guard(async () => {
          await create({ boardId, title: submitted });
          setTitle((current) => (current === submitted ? "" : current));
        });
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        New task title
      </label>
      <input
        id={inputId}
        value={title}
        placeholder="What needs doing?"
        maxLength={200}
        autoComplete="off"
        onChange={(event) => setTitle(event.target.value)}
      />
      <button type="submit" className="button button-primary">
        Add task
      </button>
    </form>
  );
}
