import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRedactor } from "../telemetry/redact.js";
import { BRIDGE_STATE_INTERVAL_MS, createDevtoolsBridge, type DevtoolsBridge } from "./bridge.js";
import type { DevtoolsHost, DevtoolsSubscription } from "./devtoolsHost.js";
import { DEVTOOLS_SOURCE, PROTOCOL_LIMITS, PROTOCOL_VERSION, type WireItem } from "./protocol.js";
import { estimateBytes } from "./ringEntry.js";
import { SUBSCRIPTIONS_SNAPSHOT_BYTES, toWireSubscriptions } from "./subscriptionsSnapshot.js";
import { FakeDevtoolsHost, FakePage } from "./test-support/fakeDevtoolsHost.js";

function subscription(overrides: Partial<DevtoolsSubscription> = {}): DevtoolsSubscription {
  return {
    id: "s1",
    functionPath: "tasks:list",
    state: "live",
    subscribedAt: 1_000,
    firstResult: { at: 1_040, connectMs: 15, functionMs: 25 },
    listeners: 1,
    updates: 2,
    lastUpdateAt: 2_000,
    recentLogs: ["[LOG] 'listed'"],
    history: [
      { at: 1_040, event: "firstResult" },
      { at: 1_500, event: "failure", code: "NETWORK" },
      { at: 2_000, event: "recovery" },
    ],
    ...overrides,
  };
}

const redactor = createRedactor();

describe("the subscriptions snapshot item", () => {
  it("carries what the view shows of each subscription: state, first result split, updates, logs, history", () => {
    const item = toWireSubscriptions(
      [
        subscription({
          args: '{"listId":"l1"}',
          result: "[2 items]",
          page: { numItems: 10, first: true },
        }),
      ],
      3_000,
      null,
      redactor,
    );
    expect(item).toEqual({
      type: "subscriptions",
      at: 3_000,
      total: 1,
      subscriptions: [
        {
          id: "s1",
          functionPath: "tasks:list",
          args: '{"listId":"l1"}',
          state: "live",
          subscribedAt: 1_000,
          firstResult: { at: 1_040, connectMs: 15, functionMs: 25 },
          listeners: 1,
          updates: 2,
          lastUpdateAt: 2_000,
          result: "[2 items]",
          logs: ["[LOG] 'listed'"],
          page: { numItems: 10, first: true },
          history: [
            { at: 1_040, event: "firstResult" },
            { at: 1_500, event: "failure", code: "NETWORK" },
            { at: 2_000, event: "recovery" },
          ],
        },
      ],
    });
  });

  it("leaves out args and result when the page did not capture them", () => {
    const [wire] = toWireSubscriptions([subscription()], 1, null, redactor).subscriptions;
    expect(wire).not.toHaveProperty("args");
    expect(wire).not.toHaveProperty("result");
  });

  it("redacts secrets in previews, log lines and error messages again, for a host that did not", () => {
    const secret = "sk_live_51Habcdefghijklmnop";
    const item = toWireSubscriptions(
      [
        subscription({
          args: `{"token":"${secret}"}`,
          result: `"${secret}"`,
          recentLogs: [`[LOG] token ${secret}`],
          state: "error",
          error: { code: "SERVER_ERROR", message: `failed with ${secret}` },
        }),
      ],
      1,
      null,
      redactor,
    );
    expect(JSON.stringify(item)).not.toContain("sk_live_");
  });

  it("shows a subscription paused while the socket is down, and why, unless it is failing", () => {
    const item = toWireSubscriptions(
      [
        subscription(),
        subscription({ id: "s2", state: "error" }),
        subscription({ id: "s3", state: "loading" }),
      ],
      1,
      "disconnected",
      redactor,
    );
    expect(item.subscriptions.map((s) => [s.state, s.pausedBy])).toEqual([
      ["paused", "disconnected"],
      ["error", undefined],
      ["paused", "disconnected"],
    ]);
  });

  it("says a subscription is paused by offline, and says nothing of pausing when it is live", () => {
    const [offline] = toWireSubscriptions([subscription()], 1, "offline", redactor).subscriptions;
    expect(offline).toMatchObject({ state: "paused", pausedBy: "offline" });
    const [live] = toWireSubscriptions([subscription()], 1, null, redactor).subscriptions;
    expect(live).not.toHaveProperty("pausedBy");
  });

  it("sends at most the protocol's count of subscriptions and says how many there were", () => {
    const many = Array.from({ length: PROTOCOL_LIMITS.maxSubscriptions + 10 }, (_, i) =>
      subscription({ id: `s${i}`, recentLogs: [] }),
    );
    const item = toWireSubscriptions(many, 1, null, redactor);
    expect(item.subscriptions).toHaveLength(PROTOCOL_LIMITS.maxSubscriptions);
    expect(item.total).toBe(PROTOCOL_LIMITS.maxSubscriptions + 10);
  });

  it("stays within its byte budget when every subscription holds large previews and logs", () => {
    const big = "x".repeat(50_000);
    const many = Array.from({ length: 1_000 }, (_, i) =>
      subscription({ id: `s${i}`, args: big, result: big, recentLogs: Array(40).fill(big) }),
    );
    const item = toWireSubscriptions(many, 1, null, redactor);
    expect(estimateBytes(item)).toBeLessThanOrEqual(SUBSCRIPTIONS_SNAPSHOT_BYTES + 4_096);
    expect(item.subscriptions.length).toBeGreaterThan(0);
    expect(item.subscriptions.length).toBeLessThan(1_000);
    expect(item.total).toBe(1_000);
    const first = item.subscriptions[0];
    expect(first?.logs).toHaveLength(PROTOCOL_LIMITS.maxSubscriptionEvents);
    expect(first?.result?.length).toBeLessThanOrEqual(1_024);
  });
});

describe("the bridge's subscriptions snapshots", () => {
  let host: FakeDevtoolsHost;
  let page: FakePage;
  let bridge: DevtoolsBridge | null = null;
  let current: DevtoolsSubscription[];
  let reads: number;

  beforeEach(() => {
    vi.useFakeTimers();
    host = new FakeDevtoolsHost();
    page = new FakePage();
    current = [subscription()];
    reads = 0;
    const withSubscriptions: DevtoolsHost = Object.assign(Object.create(host) as DevtoolsHost, {
      subscriptions: () => {
        reads++;
        return current;
      },
    });
    bridge = createDevtoolsBridge(
      withSubscriptions,
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
    page
      .items()
      .filter(
        (item): item is Extract<WireItem, { type: "subscriptions" }> =>
          item.type === "subscriptions",
      );

  const connect = () =>
    page.deliver({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" }, page, [
      page.openChannel().port2,
    ]);

  it("reads nothing while no panel is open", async () => {
    await vi.advanceTimersByTimeAsync(10 * BRIDGE_STATE_INTERVAL_MS);
    expect(reads).toBe(0);
    expect(snapshots()).toEqual([]);
  });

  it("sends one when a panel says hello, then only when the subscriptions change, at most once a tick", async () => {
    connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5 * BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots()).toHaveLength(1);
    for (let i = 1; i <= 50; i++)
      current = [subscription({ updates: 2 + i, lastUpdateAt: 2_000 + i })];
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots()).toHaveLength(2);
    expect(snapshots()[1]?.subscriptions[0]?.updates).toBe(52);
    current = [];
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().at(-1)?.subscriptions).toEqual([]);
  });

  it("sends a snapshot paused by offline when offline is simulated", async () => {
    connect();
    await vi.advanceTimersByTimeAsync(0);
    host.onlineManager.setForcedOffline(true);
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().at(-1)?.subscriptions[0]).toMatchObject({
      state: "paused",
      pausedBy: "offline",
    });
  });

  it("sends a snapshot paused by the socket when online with the socket down, and a new one when offline too", async () => {
    let socketUp = true;
    let notify: (connected: boolean) => void = () => {};
    host.onlineManager.addConnectionSource({
      isConnected: () => socketUp,
      subscribe: (listener) => {
        notify = listener;
        return () => {};
      },
    });
    connect();
    await vi.advanceTimersByTimeAsync(0);
    socketUp = false;
    notify(false);
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().at(-1)?.subscriptions[0]).toMatchObject({
      state: "paused",
      pausedBy: "disconnected",
    });
    host.onlineManager.setForcedOffline(true);
    await vi.advanceTimersByTimeAsync(BRIDGE_STATE_INTERVAL_MS);
    expect(snapshots().at(-1)?.subscriptions[0]?.pausedBy).toBe("offline");
  });
});
