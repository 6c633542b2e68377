import { describe, expect, it } from "vitest";
import { wireSubscription } from "./store/test-support/wireSubscriptions";
import { firstResultText, stateLabel } from "./subscriptionTiming";

describe("a subscription's first result time", () => {
  it("shows the total with the connection and function time apart", () => {
    const subscription = wireSubscription(0, {
      subscribedAt: 1_000,
      firstResult: { at: 1_040, connectMs: 12, functionMs: 28 },
    });
    expect(firstResultText(subscription)).toBe("40.0 ms (12.0 ms connect + 28.0 ms function)");
  });

  it("shows a subscription retried before its first result as earlier attempts and backoffs, then the answering attempt's connect and function time, adding up to the total", () => {
    // Two failed attempts and their backoffs (570 ms), then 70 ms for the socket and 25 ms of
    // function (sdk/src/instrument/subscriptionHub.firstResult.test.ts).
    const subscription = wireSubscription(0, {
      subscribedAt: 1_000,
      firstResult: { at: 1_665, connectMs: 70, functionMs: 25 },
    });
    expect(firstResultText(subscription)).toBe(
      "665 ms (570 ms retrying + 70.0 ms connect + 25.0 ms function)",
    );
  });

  it("is a dash before the first result", () => {
    expect(firstResultText(wireSubscription(0, { firstResult: undefined, state: "loading" }))).toBe(
      "–",
    );
  });

  it("says why a subscription is paused as the page says it, whatever the connection items say", () => {
    const connected = { online: true, connected: true };
    expect(stateLabel({ state: "paused", pausedBy: "offline" }, connected)).toBe(
      "paused (offline)",
    );
    expect(stateLabel({ state: "paused", pausedBy: "disconnected" }, null)).toBe(
      "paused (disconnected)",
    );
  });

  it("infers why an older page's subscription is paused from its connection: offline only when the browser is offline", () => {
    expect(stateLabel({ state: "paused" }, { online: false, connected: false })).toBe(
      "paused (offline)",
    );
    // Online, but the backend cannot be reached: the socket is down, the browser is not offline.
    expect(stateLabel({ state: "paused" }, { online: true, connected: false })).toBe(
      "paused (disconnected)",
    );
    // No connection state reported yet: no cause is claimed.
    expect(stateLabel({ state: "paused" }, null)).toBe("paused (no connection)");
    expect(stateLabel({ state: "live" }, { online: true, connected: true })).toBe("live");
  });
});
