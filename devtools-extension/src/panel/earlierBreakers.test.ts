import type { WireBreakerSnapshot } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { earlierBreakers } from "./earlierBreakers";

const transition = (session: string, scope: string, to: "open" | "closed", at: number) => ({
  type: "breaker" as const,
  seq: at,
  scope,
  from: to === "open" ? ("closed" as const) : ("open" as const),
  to,
  reason: "test",
  at,
  session,
});

const snapshot = (scope: string): WireBreakerSnapshot => ({
  scope,
  state: "closed",
  failures: 0,
  calls: 1,
  slowCalls: 0,
  isolated: false,
  halfOpenInFlight: 0,
});

describe("earlierBreakers", () => {
  it("keeps a breaker from before a reload, in the state its last transition left it", () => {
    const rows = earlierBreakers(
      [snapshot("messages:list")],
      [
        transition("old", "ai:suggest", "open", 1),
        transition("old", "ai:suggest", "closed", 2),
        transition("old", "ai:suggest", "open", 3),
        transition("old", "messages:list", "open", 4),
        transition("new", "users:me", "open", 5),
      ],
      "new",
    );
    expect(rows).toEqual([{ scope: "ai:suggest", state: "open", at: 3, session: "old" }]);
  });

  it("adds nothing when every transition is the current page load's", () => {
    expect(earlierBreakers([], [transition("new", "a:b", "open", 1)], "new")).toEqual([]);
  });
});
