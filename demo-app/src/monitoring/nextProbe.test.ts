import type { BreakerSnapshot } from "@convex-lens/sdk";
import { describe, expect, it } from "vitest";
import { nextProbe } from "./nextProbe.js";

const halfOpen: BreakerSnapshot = {
  scope: "tasks:setCompleted",
  state: "half-open",
  failures: 5,
  calls: 5,
  slowCalls: 0,
  windowMs: 30_000,
  isolated: false,
  halfOpenInFlight: 0,
};

describe("nextProbe", () => {
  it("says an idle half-open breaker is waiting for the next call, not probing", () => {
    expect(nextProbe(halfOpen)).toBe("waiting for the next call");
  });

  it("says probing only while a probe is in flight", () => {
    expect(nextProbe({ ...halfOpen, halfOpenInFlight: 1 })).toBe("probing");
  });
});
