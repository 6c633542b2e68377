import { describe, expect, it } from "vitest";
import { breakerActions } from "./breakerActions";

describe("breakerActions", () => {
  it("offers Trip but not Reset on a closed breaker", () => {
    expect(breakerActions({ state: "closed", isolated: false }, true)).toMatchObject({
      canTrip: true,
      canReset: false,
    });
  });

  it("offers Reset but not Trip on an open or hand-tripped breaker", () => {
    for (const breaker of [
      { state: "open", isolated: false },
      { state: "open", isolated: true },
    ] as const)
      expect(breakerActions(breaker, true)).toMatchObject({ canTrip: false, canReset: true });
  });

  it("offers both on a half-open breaker", () => {
    expect(breakerActions({ state: "half-open", isolated: false }, true)).toMatchObject({
      canTrip: true,
      canReset: true,
    });
  });

  it("offers neither when the page refuses commands, and says why", () => {
    const actions = breakerActions({ state: "open", isolated: false }, false);
    expect(actions).toMatchObject({ canTrip: false, canReset: false });
    expect(actions.resetTitle).toMatch(/does not accept commands/);
  });
});
