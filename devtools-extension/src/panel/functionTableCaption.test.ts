import { describe, expect, it } from "vitest";
import { callsOfSession, functionTableCaption } from "./functionTableCaption";

describe("functionTableCaption", () => {
  it("says the SDK's table covers this page load and counts the preserved calls it leaves out", () => {
    const caption = functionTableCaption({
      fromSdk: true,
      sessionStartedAt: undefined,
      callsThisLoad: 1,
      callsInLog: 44,
    });
    expect(caption).toBe(
      "From the SDK's metrics for this page load. The log also holds 43 calls from earlier page loads, not counted here.",
    );
    expect(caption).not.toMatch(/whole session/);
  });

  it("says the panel's own table covers every page load the log kept", () => {
    expect(
      functionTableCaption({
        fromSdk: false,
        sessionStartedAt: 0,
        callsThisLoad: 1,
        callsInLog: 5,
      }),
    ).toMatch(/every page load/);
  });
});

describe("callsOfSession", () => {
  const ring = (sessions: string[], oldestId = 1) => ({
    oldestId,
    lastId: oldestId + sessions.length - 1,
    get: (id: number) => {
      const session = sessions[id - oldestId];
      return session === undefined ? undefined : { session };
    },
  });

  it("counts the calls at the end of the log that belong to the current page load", () => {
    expect(callsOfSession(ring(["a", "a", "a", "b", "b"], 7), "b")).toBe(2);
    expect(callsOfSession(ring(["b", "b"]), "b")).toBe(2);
    expect(callsOfSession(ring(["a", "a"]), "b")).toBe(0);
    expect(callsOfSession(ring([]), "b")).toBe(0);
  });
});
