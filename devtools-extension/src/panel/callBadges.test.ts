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

  it("lists retried, fault and recovered in one fixed order", () => {
    const badges = callBadges(entry({ attempts: 2, faultInjected: true, recovered: true }));
    expect(badges.map((b) => b.id)).toEqual(["retried", "fault", "recovered"]);
  });
});
