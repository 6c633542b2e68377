/**
 * Caps on everything that grows with traffic. Convex bounds the rows one function may read or
 * write, so every list the app keeps must stay well under those limits, even on a busy demo.
 */
export const limits = {
  /** Boards in the whole deployment. */
  boards: 50,
  /** Tasks on one board. */
  tasksPerBoard: 100,
  /** Subtasks of one task. */
  subtasksPerTask: 8,
  /** Comments on one task. */
  commentsPerTask: 20,
  /** Activity entries kept per board; older ones are trimmed as new ones arrive. */
  activityPerBoard: 200,
  /** Largest page the activity feed serves, whatever the client asks for. */
  activityPageSize: 100,
  /** Rows one scheduled purge step deletes, so each step stays a small transaction. */
  purgeBatch: 200,
  /** Characters in a board name or task title. */
  titleLength: 120,
  /** Characters in a task's notes. */
  notesLength: 2000,
  /** Characters in a comment. */
  commentLength: 1000,
  /** Characters in a comment's author name. */
  authorLength: 40,
} as const;

/** The comment rate limit: at most `max` comments per task in any `windowMs` window. */
export const commentRateLimit = { max: 5, windowMs: 10_000 } as const;
