import type { Doc } from "../../convex/_generated/dataModel";
import { Comments } from "./Comments.js";
import { Subtasks } from "./Subtasks.js";

/** What opens under a task: its subtasks (with the flaky suggestion action) and its comments. */
export function TaskDetails({ task }: { readonly task: Doc<"tasks"> }) {
  return (
    <div className="details-columns">
      <Subtasks task={task} />
      <Comments task={task} />
    </div>
  );
}
