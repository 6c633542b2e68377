import { useMutation } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../convex/_generated/api";
import { routeHref } from "../shell/route.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";

/** Creates a board and opens it. An empty name comes back as a VALIDATION error, in a toast. */
export function NewBoardForm({ compact = false }: { readonly compact?: boolean }) {
  const inputId = useId();
  const [name, setName] = useState("");
  const guard = useGuardedCall();
  const create = useMutation(api.boards.create);
  return (
    <form
      className="field-inline"
      onSubmit={(event) => {
        event.preventDefault();
        const submitted = name;
        void guard(async () => {
          const boardId = await create({ name: submitted });
          setName((current) => (current === submitted ? "" : current));
          window.location.hash = routeHref({ view: "board", boardId });
        });
      }}
    >
      <label htmlFor={inputId} className={compact ? "visually-hidden" : undefined}>
        New board name
      </label>
      <input
        id={inputId}
        value={name}
        placeholder="New board…"
        maxLength={200}
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" className="button">
        Create board
      </button>
    </form>
  );
}
