import { useMutation, useQuery } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { Loading } from "../shell/Loading.js";
import { useGuardedCall } from "../toasts/useGuardedCall.js";
import { useAuthorName } from "./authorName.js";

/**
 * A task's comments. The server allows five per task in ten seconds: the sixth fails with a
 * `ConvexError` coded RATE_LIMITED. The app threw it on purpose, so the SDK never retries it and
 * the toast offers no Retry; its small print carries the server's "try again in N s".
 */
export function Comments({ task }: { readonly task: Doc<"tasks"> }) {
  const comments = useQuery(api.comments.listByTask, { taskId: task._id });
  const add = useMutation(api.comments.add);
  const guard = useGuardedCall();
  const [author, setAuthor] = useAuthorName();
  const [body, setBody] = useState("");
  const bodyId = useId();
  const authorId = useId();

  return (
    <section aria-label={`Comments on ${task.title}`}>
      <h3 className="small-heading">Comments</h3>
      {comments === undefined ? (
        <Loading label="Loading comments…" />
      ) : comments.length === 0 ? (
        <p className="muted small">No comments yet.</p>
      ) : (
        <ul className="comments">
          {comments.map((comment) => (
            <li key={comment._id}>
              <span className="comment-author">{comment.author}</span> {comment.body}
            </li>
          ))}
        </ul>
      )}
      <form
        className="comment-form"
        onSubmit={(event) => {
          event.preventDefault();
          const submitted = body;
          void guard(async () => {
            await add({ taskId: task._id, body: submitted, author });
            setBody((current) => (current === submitted ? "" : current));
          });
        }}
      >
        <label htmlFor={bodyId} className="visually-hidden">
          Comment
        </label>
        <input
          id={bodyId}
          value={body}
          placeholder="Add a comment…"
          autoComplete="off"
          onChange={(event) => setBody(event.target.value)}
        />
        <label htmlFor={authorId} className="visually-hidden">
          Your name
        </label>
        <input
          id={authorId}
          className="author-input"
          value={author}
          maxLength={40}
          onChange={(event) => setAuthor(event.target.value)}
        />
        <button type="submit" className="button button-small">
          Comment
        </button>
      </form>
    </section>
  );
}
