import { useAction, useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { limits } from "../../convex/model/limits";
import { Loading } from "../shell/Loading.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";
import { suggestionOutcome } from "./suggestionOutcome.js";

/**
 * A task's subtasks and the "Suggest subtasks" button. The suggestion is an action calling a slow,
 * flaky simulated service (30 % failures): the demo declares it idempotent, so the SDK retries it,
 * and the DevTools panel shows each attempt with the service's log lines.
 */
export function Subtasks({ task }: { readonly task: Doc<"tasks"> }) {
  const subtasks = useQuery(api.tasks.listSubtasks, { taskId: task._id });
  const setCompleted = useMutation(api.tasks.setSubtaskCompleted);
  const suggest = useAction(api.tasks.suggestSubtasks);
  const guard = useGuardedCall();
  const [asking, setAsking] = useState(0);
  // What the last suggestion did; a failure says so in a toast instead.
  const [outcome, setOutcome] = useState<string | null>(null);
  const full = (subtasks?.length ?? 0) >= limits.subtasksPerTask;

  return (
    <section aria-label={`Subtasks of ${task.title}`}>
      <h3 className="small-heading">Subtasks</h3>
      {subtasks === undefined ? (
        <Loading label="Loading subtasks…" />
      ) : subtasks.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <ul className="subtasks">
          {subtasks.map((subtask) => (
            <li key={subtask._id}>
              <label>
                <input
                  type="checkbox"
                  checked={subtask.completed}
                  onChange={(event) => {
                    const completed = event.target.checked;
                    void guard(() => setCompleted({ subtaskId: subtask._id, completed }));
                  }}
                />{" "}
                <span className={subtask.completed ? "strike" : undefined}>{subtask.title}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button-small"
        disabled={full}
        aria-busy={asking > 0}
        onClick={() => {
          setAsking((n) => n + 1);
          setOutcome(null);
          void guard(() => suggest({ taskId: task._id }))
            .then((result) => {
              if (result !== undefined) {
                const count = (subtasks?.length ?? 0) + result.added.length;
                setOutcome(suggestionOutcome(result, count >= limits.subtasksPerTask));
              }
            })
            .finally(() => setAsking((n) => n - 1));
        }}
      >
        {asking > 0 ? "Asking the suggestion service…" : "Suggest subtasks"}
      </button>
      <p className="muted small" role="status">
        {outcome}
      </p>
      {full && outcome === null ? (
        <p className="muted small">This task has the most subtasks it can hold.</p>
      ) : null}
    </section>
  );
}
