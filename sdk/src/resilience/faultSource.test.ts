import { describe, expect, it } from "vitest";
import { FaultInjector } from "./faultInjector.js";
import { FaultSlot } from "./faultSource.js";

describe("FaultSlot", () => {
  it("injects nothing while no injector is plugged in", () => {
    const slot = new FaultSlot();
    expect(slot.active).toBe(false);
    expect(slot.decide("messages:list")).toBeNull();
    expect(slot.delayFor("messages:list")).toBe(0);
  });

  it("follows the plugged injector, and stops when it is taken out", () => {
    const slot = new FaultSlot();
    const injector = new FaultInjector();
    slot.plug(injector);
    injector.set({ errorRate: 1, error: "overloaded" });
    expect(slot.active).toBe(true);
    expect(slot.decide("messages:list")).toMatchObject({ fail: "overloaded" });
    slot.plug(null);
    expect(slot.active).toBe(false);
    expect(slot.decide("messages:list")).toBeNull();
  });
});
