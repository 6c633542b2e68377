import { describe, expect, it } from "vitest";
import { healthMissing } from "./healthMissing";

const live = { importedFrom: null, session: null, bridgeOff: false };

describe("why there is no health report", () => {
  it("blames the bridge when the page runs the SDK with it off, not the lens's modules", () => {
    expect(healthMissing({ ...live, bridgeOff: true })).toBe("bridge-off");
  });

  it("says no page is connected when there is no session and no sign of the SDK", () => {
    expect(healthMissing(live)).toBe("no-page");
  });

  it("blames the lens's modules only when a session arrived without health", () => {
    expect(healthMissing({ ...live, session: {} })).toBe("no-module");
  });

  it("says an imported file holds no health", () => {
    expect(healthMissing({ ...live, importedFrom: "a.json", session: {} })).toBe("imported");
  });
});
