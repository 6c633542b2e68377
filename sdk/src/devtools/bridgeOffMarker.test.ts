import { afterEach, describe, expect, it, vi } from "vitest";
import { createLens } from "../lens.js";
import { BRIDGE_OFF_ATTRIBUTE, BRIDGE_OFF_VALUE } from "./bridgeOffMarker.js";
import { loadDevtoolsBridge } from "./loadDevtoolsBridge.js";
import { BRIDGE_OFF_MARKER } from "./protocol.js";
import { FakePage } from "./test-support/fakeDevtoolsHost.js";

function stubDocument(): Map<string, string> {
  const attributes = new Map<string, string>();
  vi.stubGlobal("document", {
    documentElement: { setAttribute: (name: string, value: string) => attributes.set(name, value) },
  });
  return attributes;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the bridge-off marker", () => {
  it("marks the page when the bridge is off, so the panel can say how to turn it on", async () => {
    const attributes = stubDocument();
    const lens = createLens({ devtools: false });
    loadDevtoolsBridge(lens, false, () => {}, new FakePage());
    expect(attributes.get(BRIDGE_OFF_ATTRIBUTE)).toBe(BRIDGE_OFF_VALUE);
    await lens.shutdown();
  });

  it("leaves the page unmarked when the bridge is on", async () => {
    const attributes = stubDocument();
    const lens = createLens({ devtools: false });
    const stop = loadDevtoolsBridge(lens, true, () => {}, new FakePage());
    expect(attributes.size).toBe(0);
    stop();
    await lens.shutdown();
  });

  it("is spelt as the protocol tells the extension", () => {
    expect({ attribute: BRIDGE_OFF_ATTRIBUTE, value: BRIDGE_OFF_VALUE }).toEqual({
      ...BRIDGE_OFF_MARKER,
    });
  });
});
