import { usePaginatedQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ActivityKind } from "../../convex/model/activityKind";
import { Loading } from "../shell/Loading.js";

const PAGE_SIZE = 8;

/** A colour per kind of entry: additions, completions, removals, and the rest. */
const TONE: Record<ActivityKind, "add" | "done" | "remove" | "change"> = {
  board_created: "add",
  board_renamed: "change",
  board_locked: "change",
  board_unlocked: "change",
  task_created: "add",
  task_updated: "change",
  task_completed: "done",
  task_reopened: "change",
  task_moved: "change",
  task_deleted: "remove",
  comment_added: "add",
  subtasks_suggested: "add",
  subtasks_completed: "done",
};

/**
 * The board's activity, newest first, a page at a time (`usePaginatedQuery`). New entries appear
 * at the top live; "Show more" loads the next page. The SDK traces each page's query.
 */
export function ActivityFeed({ boardId }: { readonly boardId: Id<"boards"> }) {
  const { results, status, loadMore } = usePaginatedQuery(
    api.activity.list,
    { boardId },
    { initialNumItems: PAGE_SIZE },
  );
  return (
    <>
      <h2 id="activity-heading">Activity</h2>
      {status === "LoadingFirstPage" ? (
        <Loading label="Loading activity…" />
      ) : results.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ul className="activity">
          {results.map((entry) => (
            <li key={entry._id}>
              <span className={`activity-dot tone-${TONE[entry.kind]}`} aria-hidden="true" />
              <span className="activity-message">{entry.message}</span>
              <time className="muted small" dateTime={new Date(entry._creationTime).toISOString()}>
                {new Date(entry._creationTime).toLocaleTimeString()}
              </time>
            </li>
          ))}
        </ul>
      )}
      {status === "CanLoadMore" || status === "LoadingMore" ? (
        <button
          type="button"
          className="button button-small"
          disabled={status === "LoadingMore"}
          onClick={() => loadMore(PAGE_SIZE)}
        >
          {status === "LoadingMore" ? "Loading…" : "Show more"}
        </button>
      ) : null}
    </>
  );
}
