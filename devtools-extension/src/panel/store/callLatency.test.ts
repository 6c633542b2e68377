import { describe, expect, it } from "vitest";
import { callLatency } from "./callLatency";

describe("callLatency, the SDK's rule for timing a call", () => {
  it("takes the settling attempt's time when the SDK sent one", () => {
    expect(callLatency({ durationMs: 665, functionMs: 95 })).toBe(95);
  });

  it("takes the whole duration when the call carries no functionMs (it waited for nothing)", () => {
    expect(callLatency({ durationMs: 12 })).toBe(12);
  });

  it("gives no latency for a call nothing timed (an open breaker refused it)", () => {
    expect(callLatency({ durationMs: 0, functionMs: null })).toBeNull();
  });
});
