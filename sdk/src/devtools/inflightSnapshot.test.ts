import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BRIDGE_STATE_INTERVAL_MS, createDevtoolsBridge, type DevtoolsBridge } from "./bridge.js";
import type { DevtoolsHost, DevtoolsInflightCall } from "./devtoolsHost.js";
import { toWireInflightCalls } from "./inflightSnapshot.js";
import {
  DEVTOOLS_SOURCE,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  type WireInflightCalls,
} from "./protocol.js";
import { FakeDevtoolsHost, FakePage } from "./test-support/fakeDevtoolsHost.js";

function inflightCall(overrides: Partial<DevtoolsInflightCall> = {}): DevtoolsInflightCall {
  return {
    id: "f1",
    functionPath: "messages:send",
    kind: "mutation",
    transport: "websocket",
    startedAt: 1_000,
    attempt: 1,
    waitingFor: "socket",
    ...overrides,
  };
}

describe("the calls-in-flight snapshot item", () => {
  it("carries each call's function, kind, transport, start, attempt and what it waits for", () => {
    expect(toWireInflightCalls([inflightCall()], 3_000)).toEqual({
      type: "inflight",
      at: 3_000,
      total: 1,
      calls: [
        {
          id: "f1",
          functionPath: "messages:send",
          kind: "mutation",
          transport: "websocket",
          startedAt: 1_000,
          attempt: 1,
          waitingFor: "socket",
        },
      ],
    });
  });

  it("sends at most the protocol's cap of calls, and says how many there were", () => {
    const many = Array.from({ length: PROTOCOL_LIMITS.maxInflightCalls + 20 }, (_, i) =>
      inflightCall({ id: `f${i}` }),
    );
    const item = toWireInflightCalls(many, 1);
    expect(item.calls).toHaveLength(PROTOCOL_LIMITS.maxInflightCalls);
    expect(item.total).toBe(PROTOCOL_LIMITS.maxInflightCalls + 20);
    expect(JSON.stringify(item).length).toBeLessThan(PROTOCOL_LIMITS.maxInflightCalls * 300);
  });
});

describe("the bridge's calls-in-flight snapshots", () => {
  let host: FakeDevtoolsHost;
  let page: FakePage;
  let bridge: DevtoolsBridge | null = null;
  let current: DevtoolsInflightCall[];
  let tracking: number;
  let stopped: number;

  beforeEach(() => {
    vi.useFakeTimers();
    host = new FakeDevtoolsHost();
    page = new FakePage();
    current = [inflightCall()];
    tracking = 0;
    stopped = 0;
    const withInflight: DevtoolsHost = Object.assign(Object.create(host) as DevtoolsHost, {
      trackInflight: () => {
        tracking++;
        return { calls: () => current, stop: () => stopped++ };
      },
    });
    bridge = createDevtoolsBridge(
      withInflight,
      { enabled: true, bufferSize: 100, allowCommands: true },
      page,
    );
  });

  afterEach(() => {
    bridge?.dispose();
    host.onlineManager.dispose();
    vi.useRealTimers();
  });

  const snapshots = () =>
    page.items().filter((item): item is WireInflightCalls => item.type === "inflight");
  const message = (type: "hello" | "bye") => ({
    source: DEVTOOLS_SOURCE,
    v: PROTOCOL_VERSION,
    type,
  });
  let channel: ReturnType<FakePage["openChannel"]> | null = null;
  const connect = () => {
    channel = page.openChannel();
    page.deliver(message("hello"), page, [channel.port2]);
  };

  it("tracks from the bridge's start, but sends nothing while no panel is open", async () => {
    await vi.advanceTimersByTimeAsync(10 * BRIDGE_STATE_INTERVAL_MS);
    expect(tracking).toBe(1);
    expect(snapshots()).toEqual([]);
  });

  it("sends one when a panel says hello, then only when the calls change, at most once a tick", async () => {
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots()).toHaveLength(1);
    // Time passing changes nothing the page sends: the panel counts the elapsed time itself.
    await vi.advanceTimersByTimeAsync(5 * BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots()).toHaveLength(1);
    current = [inflightCall({ waitingFor: "server" })];
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().map((s) => s.calls[0]?.waitingFor)).toEqual(["socket", "server"]);
    current = [];
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().at(-1)).toMatchObject({ total: 0, calls: [] });
  });

  it("keeps tracking when the panel says bye, sends afresh at the next hello, and stops when disposed", async () => {
    connect();
    await vi.advanceTimersByTimeAsync(0);
    channel?.port1.postMessage(message("bye"));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(0);
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(tracking).toBe(1);
    expect(snapshots()).toHaveLength(2);
    bridge?.dispose();
    bridge = null;
    expect(stopped).toBe(1);
  });
});
