import { describe, expect, it } from "vitest";
import { callBadges } from "./callBadges";
import { toCallEntry } from "./store/callEntry";
import { wireCall } from "./store/test-support/wireItems";

const entry = (extra: Parameters<typeof wireCall>[1]) =>
  toCallEntry(wireCall(1, extra), "s1", null, 1);

describe("callBadges", () => {
  it("gives a plain call no badge", () => {
    expect(callBadges(entry({}))).toEqual([]);
  });

  it("marks a retried call with its number of retries", () => {
    expect(callBadges(entry({ attempts: 3 })).map((b) => b.label)).toEqual(["retried ×2"]);
  });

  it("marks a fault-injected call", () => {
    expect(callBadges(entry({ faultInjected: true })).map((b) => b.id)).toEqual(["fault"]);
  });

  it("lists retried, fault, recovered and waited in one fixed order", () => {
    const badges = callBadges(
      entry({ attempts: 2, faultInjected: true, recovered: true, connectMs: 500, functionMs: 9 }),
    );
    expect(badges.map((b) => b.id)).toEqual(["retried", "fault", "recovered", "waited"]);
  });

  it("says a call that rode out an outage waited for the WebSocket, so it does not read as slow", () => {
    const [badge] = callBadges(entry({ durationMs: 35_010, connectMs: 34_990, functionMs: 20 }));
    expect(badge?.label).toBe("waited 34.99 s");
    expect(badge?.title).toContain("for the WebSocket to connect");
    expect(badge?.title).toContain("the function took 20.0 ms");
  });

  it("gives a cold connect of a few ms no badge", () => {
    expect(callBadges(entry({ durationMs: 30, connectMs: 12, functionMs: 18 }))).toEqual([]);
  });
});
