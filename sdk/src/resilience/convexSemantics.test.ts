import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { classifyError } from "../errors/classifyError.js";
import {
  ActionConnectionLostError,
  MutationOutcomeUnknownError,
  NetworkError,
  ServerError,
} from "../errors/codeErrors.js";
import { HttpStatusError } from "../errors/HttpStatusError.js";
import { breakerVerdict, isDeveloperError, mayRetry } from "./convexSemantics.js";

const bug = () => classifyError(new Error("[Request ID: 1a2b] Server Error"), { kind: "mutation" });

describe("breakerVerdict", () => {
  it("does not count a function's bug as an outage by default", () => {
    expect(isDeveloperError(bug())).toBe(true);
    expect(breakerVerdict(bug(), false)).toBe("success");
  });

  it("counts a function's bug when the app asks for it", () => {
    expect(breakerVerdict(bug(), true)).toBe("failure");
    const limit = classifyError(
      new Error(
        "[Request ID: l] Server Error\nUncaught Error: Too many reads in a single function execution (limit: 4096)",
      ),
    );
    expect(limit.code).toBe("LIMIT_EXCEEDED");
    expect(breakerVerdict(limit, true)).toBe("failure");
  });

  it("counts every transient failure, a proxy's 429 and 503 included", () => {
    for (const status of [429, 502, 503, 504]) {
      const error = classifyError(new HttpStatusError("<html>busy</html>", status), {
        kind: "query",
      });
      expect([status, breakerVerdict(error, false)]).toEqual([status, "failure"]);
    }
    expect(breakerVerdict(classifyError(new TypeError("fetch failed")), false)).toBe("failure");
  });

  it("reads an app's ConvexError as an answer, even when its code says rate limited", () => {
    const error = classifyError(new ConvexError({ code: "RATE_LIMITED" }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(isDeveloperError(error)).toBe(false);
    expect(breakerVerdict(error, true)).toBe("success");
  });

  it("gives no verdict on a cancelled call", () => {
    const aborted = classifyError(new DOMException("stop", "AbortError"));
    expect(breakerVerdict(aborted, true)).toBe("neutral");
  });
});

describe("mayRetry", () => {
  it("retries a query's transient failure but never a function's bug", () => {
    expect(mayRetry("query", false, new NetworkError(), true)).toBe(true);
    expect(mayRetry("query", false, new ServerError(), true)).toBe(false);
  });

  it("re-sends a mutation only before commit or when it is idempotent", () => {
    expect(mayRetry("mutation", false, new NetworkError(), true)).toBe(false);
    expect(mayRetry("mutation", false, new NetworkError({ preCommit: true }), true)).toBe(true);
    expect(mayRetry("mutation", true, new NetworkError(), true)).toBe(true);
  });

  it("does not retry a mutation whose outcome is unknown unless it is idempotent", () => {
    expect(mayRetry("mutation", false, new MutationOutcomeUnknownError(), true)).toBe(false);
    expect(mayRetry("mutation", true, new MutationOutcomeUnknownError(), true)).toBe(true);
  });

  it("retries an action only when it is idempotent", () => {
    expect(mayRetry("action", false, new ActionConnectionLostError(), true)).toBe(false);
    expect(mayRetry("action", true, new ActionConnectionLostError(), true)).toBe(true);
    expect(mayRetry("action", false, new NetworkError(), true)).toBe(false);
  });

  it("may always try again a retryable failure that never left the client", () => {
    expect(mayRetry("action", false, new NetworkError(), false)).toBe(true);
  });
});
