import { describe, expect, it } from "vitest";
import { commandLabel } from "./commandLabel";

describe("commandLabel", () => {
  it("says when applying faults set none", () => {
    expect(commandLabel({ name: "setFaults", faults: { offline: false } })).toBe(
      "Apply faults (no faults set)",
    );
  });

  it("says which faults were applied", () => {
    expect(
      commandLabel({
        name: "setFaults",
        faults: { errorRate: 0.3, error: "overloaded", latencyMs: 300, offline: false },
      }),
    ).toBe("Apply faults (set: Overloaded errors on 30 % of all calls, +300 ms latency)");
  });

  it("names the breaker a trip or reset is for", () => {
    expect(commandLabel({ name: "isolateBreaker", scope: "messages:send" })).toBe(
      "Trip breaker messages:send",
    );
  });
});
