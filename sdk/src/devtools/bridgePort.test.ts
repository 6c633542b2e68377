import { describe, expect, it, vi } from "vitest";
import { holdBridgePort, releaseBridgePort } from "./bridgePort.js";
import { FakeMessageChannel } from "./test-support/fakeMessageChannel.js";

describe("sharing the bridge's port", () => {
  it("starts the port for its first holder and closes it only when the last one lets go", () => {
    const { port2 } = new FakeMessageChannel();
    const start = vi.spyOn(port2, "start");
    holdBridgePort(port2);
    holdBridgePort(port2);
    expect(start).toHaveBeenCalledOnce();
    releaseBridgePort(port2);
    expect(port2.closed).toBe(false);
    releaseBridgePort(port2);
    expect(port2.closed).toBe(true);
  });

  it("closes a port released without being held, rather than leaving it open", () => {
    const { port2 } = new FakeMessageChannel();
    releaseBridgePort(port2);
    expect(port2.closed).toBe(true);
  });
});
