import { describe, expect, it } from "vitest";
import { breakerRefusalNote } from "./breakerRefusalNote";

describe("breakerRefusalNote", () => {
  it("says a mutation's open breaker still lets its mutations through unless failFast is on", () => {
    expect(breakerRefusalNote({ state: "open" }, ["mutation"])).toBe(
      "Open, but mutations are still sent: an open breaker refuses writes only with breaker.failFast (off for writes by default).",
    );
  });

  it("says what is refused and what is sent for a breaker whose functions are not known", () => {
    expect(breakerRefusalNote({ state: "open" }, [])).toMatch(
      /^Open, but queries fail fast; mutations and actions are still sent/,
    );
  });

  it("adds nothing for a query's open breaker, which refuses queries, or for a closed one", () => {
    expect(breakerRefusalNote({ state: "open" }, ["query"])).toBeNull();
    expect(breakerRefusalNote({ state: "closed" }, ["mutation"])).toBeNull();
  });
  it("states the page's own setting when it sends which kinds the breaker refuses", () => {
    const defaults = { query: true, mutation: false, action: false };
    expect(breakerRefusalNote({ state: "open", refuses: defaults }, ["mutation"])).toBe(
      "Open, but mutations are still sent: while open, this breaker refuses queries only (the page's breaker.failFast).",
    );
    expect(
      breakerRefusalNote(
        { state: "open", refuses: { query: false, mutation: false, action: false } },
        ["query"],
      ),
    ).toBe(
      "Open, but queries are still sent: while open, this breaker refuses nothing (the page's breaker.failFast).",
    );
  });

  it("adds nothing for an open breaker that refuses every kind seen for it, failFast on for writes", () => {
    const all = { query: true, mutation: true, action: true };
    expect(breakerRefusalNote({ state: "open", refuses: all }, ["mutation"])).toBeNull();
    expect(breakerRefusalNote({ state: "closed", refuses: all }, [])).toBeNull();
  });
});
