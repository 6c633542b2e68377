import type { SuggestSubtasksResult } from "../../convex/tasks";

/**
 * What to tell the user after "Suggest subtasks" answered: how many it added, or why it added
 * none (the service suggested only subtasks the task already has, or the task is full). A click
 * that changes nothing on screen must still say that it worked.
 */
export function suggestionOutcome(result: SuggestSubtasksResult, full: boolean): string {
  const count = result.added.length;
  if (count === 1) return "Added 1 subtask.";
  if (count > 1) return `Added ${count} subtasks.`;
  if (full) return "No subtasks added: this task has the most subtasks it can hold.";
  return "No new subtasks: the service suggested only ones this task already has.";
}
