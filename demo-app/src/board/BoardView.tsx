import { useQuery } from "convex/react";
import { api } from "../../convex/_generated/api";
import { Loading } from "../shell/Loading.js";
import { ViewBoundary } from "../shell/ViewError.js";
import { ActivityFeed } from "./ActivityFeed.js";
import { BoardHeader } from "./BoardHeader.js";
import { NewBoardForm } from "./NewBoardForm.js";
import { TaskList } from "./TaskList.js";

/** The task board: its header, its tasks, and its activity feed, each failing on its own. */
export function BoardView({ boardId }: { readonly boardId: string | null }) {
  const boards = useQuery(api.boards.list);
  if (boards === undefined) return <Loading label="Loading boards…" />;
  const board = boards.find((candidate) => candidate._id === boardId) ?? boards[0];
  if (board === undefined) {
    return (
      <div className="card empty">
        <h2>No boards yet</h2>
        <p>Create one to start. (The demo seeds a board on first run.)</p>
        <NewBoardForm />
      </div>
    );
  }
  return (
    <div className="board">
      <BoardHeader boards={boards} board={board} />
      <div className="board-columns">
        <section className="card" aria-labelledby="tasks-heading">
          <ViewBoundary name="task list">
            <TaskList board={board} />
          </ViewBoundary>
        </section>
        <aside className="card" aria-labelledby="activity-heading">
          <ViewBoundary name="activity feed">
            <ActivityFeed boardId={board._id} />
          </ViewBoundary>
        </aside>
      </div>
    </div>
  );
}
