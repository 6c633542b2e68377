import { usePaginatedQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { ActivityKind } from "../../convex/model/activityKind";
import { Loading } from "../shell/Loading.js";

const PAGE_SIZE = 8;

const ICONS: Record<ActivityKind, string> = {
  board_created: "🗂",
  board_renamed: "✎",
  board_locked: "🔒",
  board_unlocked: "🔓",
  task_created: "＋",
  task_updated: "✎",
  task_completed: "✓",
  task_reopened: "↺",
  task_moved: "↕",
  task_deleted: "🗑",
  comment_added: "💬",
  subtasks_suggested: "✨",
  subtasks_completed: "🎉",
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
              <span className="activity-icon" aria-hidden="true">
                {ICONS[entry.kind]}
              </span>
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
