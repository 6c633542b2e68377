import { useMutation } from "convex/react";
import { useId } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { routeHref } from "../shell/route.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";
import { NewBoardForm } from "./NewBoardForm.js";

/** The board picker, the lock switch (a locked board answers every edit with FORBIDDEN) and "new board". */
export function BoardHeader({
  boards,
  board,
}: {
  readonly boards: readonly Doc<"boards">[];
  readonly board: Doc<"boards">;
}) {
  const pickerId = useId();
  const guard = useGuardedCall();
  const setLocked = useMutation(api.boards.setLocked);
  return (
    <div className="board-header">
      <div className="field-inline">
        <label htmlFor={pickerId}>Board</label>
        <select
          id={pickerId}
          value={board._id}
          onChange={(event) => {
            window.location.hash = routeHref({ view: "board", boardId: event.target.value });
          }}
        >
          {boards.map((candidate) => (
            <option key={candidate._id} value={candidate._id}>
              {candidate.name}
              {candidate.locked ? " (locked)" : ""}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="button"
        aria-pressed={board.locked}
        title="A locked board refuses every edit with a FORBIDDEN error: try editing it."
        onClick={() => guard(() => setLocked({ boardId: board._id, locked: !board.locked }))}
      >
        {board.locked ? "Unlock board" : "Lock board"}
      </button>
      <NewBoardForm compact />
    </div>
  );
}
