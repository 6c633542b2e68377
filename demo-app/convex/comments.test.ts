import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api.js";
import { commentRateLimit, limits } from "./model/limits.js";
import { expectAppError, newBackend } from "./test.setup.js";

type Backend = ReturnType<typeof newBackend>;

async function taskOnBoard(t: Backend, titles = ["task"]) {
  const boardId = await t.mutation(api.boards.create, { name: "Board" });
  const ids = [];
  for (const title of titles) ids.push(await t.mutation(api.tasks.create, { boardId, title }));
  return { boardId, ids };
}

const start = new Date("2026-01-01T12:00:00Z").getTime();

afterEach(() => {
  vi.useRealTimers();
});

describe("comments", () => {
  it("adds comments and lists them oldest first, with a default author", async () => {
    const t = newBackend();
    const { ids } = await taskOnBoard(t);
    const taskId = ids[0]!;
    await t.mutation(api.comments.add, { taskId, body: "first", author: "Ada" });
    await t.mutation(api.comments.add, { taskId, body: "  second  " });
    const comments = await t.query(api.comments.listByTask, { taskId });
    expect(comments.map((comment) => [comment.author, comment.body])).toEqual([
      ["Ada", "first"],
      ["Anonymous", "second"],
    ]);
  });

  it("writes each comment to the activity feed", async () => {
    const t = newBackend();
    const { boardId, ids } = await taskOnBoard(t);
    await t.mutation(api.comments.add, { taskId: ids[0]!, body: "hi", author: "Ada" });
    const feed = await t.query(api.activity.list, {
      boardId,
      paginationOpts: { numItems: 1, cursor: null },
    });
    expect(feed.page[0]).toMatchObject({
      kind: "comment_added",
      message: 'Ada commented on "task"',
    });
  });

  it("rejects an empty or too-long comment, or a too-long author, with VALIDATION", async () => {
    const t = newBackend();
    const { ids } = await taskOnBoard(t);
    const taskId = ids[0]!;
    const empty = await expectAppError(
      t.mutation(api.comments.add, { taskId, body: "  " }),
      "VALIDATION",
    );
    expect(empty.field).toBe("comment");
    await expectAppError(
      t.mutation(api.comments.add, { taskId, body: "x".repeat(limits.commentLength + 1) }),
      "VALIDATION",
    );
    await expectAppError(
      t.mutation(api.comments.add, {
        taskId,
        body: "ok",
        author: "a".repeat(limits.authorLength + 1),
      }),
      "VALIDATION",
    );
    expect(await t.query(api.comments.listByTask, { taskId })).toEqual([]);
  });

  it("refuses the sixth comment on a task within 10 s with RATE_LIMITED and says when to retry", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
    const t = newBackend();
    const { ids } = await taskOnBoard(t);
    const taskId = ids[0]!;
    for (let i = 0; i < commentRateLimit.max; i++) {
      await t.mutation(api.comments.add, { taskId, body: `comment ${i}` });
      vi.setSystemTime(start + (i + 1) * 1000);
    }
    // The clock now reads start + 5 s. The first comment leaves the window 10 s after it was
    // written (convex-test keeps commit times strictly increasing, so read its time back).
    const firstAt = (await t.query(api.comments.listByTask, { taskId }))[0]!.createdAt;
    expect(firstAt - start).toBeLessThan(10);
    const limited = await expectAppError(
      t.mutation(api.comments.add, { taskId, body: "one more" }),
      "RATE_LIMITED",
    );
    expect(limited).toMatchObject({
      retryAfterMs: firstAt + commentRateLimit.windowMs - (start + 5000),
      max: commentRateLimit.max,
      windowMs: commentRateLimit.windowMs,
    });
    expect(await t.query(api.comments.listByTask, { taskId })).toHaveLength(commentRateLimit.max);

    vi.setSystemTime(firstAt + commentRateLimit.windowMs - 1);
    const stillLimited = await expectAppError(
      t.mutation(api.comments.add, { taskId, body: "one more" }),
      "RATE_LIMITED",
    );
    expect(stillLimited.retryAfterMs).toBe(1);

    vi.setSystemTime(firstAt + commentRateLimit.windowMs);
    await t.mutation(api.comments.add, { taskId, body: "one more" });
    expect(await t.query(api.comments.listByTask, { taskId })).toHaveLength(
      commentRateLimit.max + 1,
    );
  });

  it("limits each task separately", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
    const t = newBackend();
    const { ids } = await taskOnBoard(t, ["busy", "quiet"]);
    const [busy, quiet] = ids;
    for (let i = 0; i < commentRateLimit.max; i++) {
      await t.mutation(api.comments.add, { taskId: busy!, body: `comment ${i}` });
    }
    await expectAppError(
      t.mutation(api.comments.add, { taskId: busy!, body: "x" }),
      "RATE_LIMITED",
    );
    await t.mutation(api.comments.add, { taskId: quiet!, body: "still fine" });
  });

  it("refuses a comment beyond the per-task cap with VALIDATION", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
    const t = newBackend();
    const { ids } = await taskOnBoard(t);
    const taskId = ids[0]!;
    for (let i = 0; i < limits.commentsPerTask; i++) {
      // Spaced out so that the rate limit never applies.
      vi.setSystemTime(start + i * commentRateLimit.windowMs);
      await t.mutation(api.comments.add, { taskId, body: `comment ${i}` });
    }
    vi.setSystemTime(start + limits.commentsPerTask * commentRateLimit.windowMs);
    await expectAppError(t.mutation(api.comments.add, { taskId, body: "too many" }), "VALIDATION");
    expect(await t.query(api.comments.listByTask, { taskId })).toHaveLength(limits.commentsPerTask);
  });
});
