import { describe, expect, it } from "vitest";
import { FaultInjector } from "../resilience/faultInjector.js";
import { createOnlineManager } from "../resilience/onlineManager.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { MAX_HELD_MESSAGES, SocketGate } from "./socketGate.js";

interface Message {
  readonly type: string;
  readonly udfPath?: string;
  readonly modifications?: readonly { readonly type: string; readonly udfPath?: string }[];
}

/** A stand-in for convex's WebSocketManager: records what reaches the wire. */
class FakeManager {
  socket: { state: string; ws?: unknown; paused?: string } = {
    state: "ready",
    ws: {},
    paused: "no",
  };
  scheduledReconnect: { timeout: unknown } | null = null;
  readonly wire: string[] = [];
  restarts = 0;

  sendMessage(message: Message): boolean {
    if (this.socket.state !== "ready") return false;
    this.wire.push(message.udfPath ?? message.modifications?.[0]?.udfPath ?? message.type);
    return true;
  }

  stop(): Promise<void> {
    this.socket = { state: "stopped" };
    return Promise.resolve();
  }

  tryRestart(): void {
    if (this.socket.state !== "stopped") return;
    this.restarts++;
    this.socket = { state: "ready", ws: {}, paused: "no" };
  }
}

function setup() {
  const clock = new FakeClock();
  const faults = new FaultInjector();
  const online = createOnlineManager({});
  const manager = new FakeManager();
  let dirty = 0;
  const base = {
    webSocketManager: manager,
    markConnectionStateDirty: () => {
      dirty++;
    },
  };
  const gate = new SocketGate(faults, online, clock);
  const uninstall = gate.install(base);
  return { clock, faults, online, manager, gate, uninstall, dirty: () => dirty };
}

const mutation = (udfPath: string): Message => ({ type: "Mutation", udfPath });
const addQuery = (udfPath: string): Message => ({
  type: "ModifyQuerySet",
  modifications: [{ type: "Add", udfPath }],
});

describe("SocketGate", () => {
  it("sends at once while no fault is set", () => {
    const { manager, gate } = setup();
    expect(gate.installed).toBe(true);
    expect(manager.sendMessage(mutation("tasks:toggle"))).toBe(true);
    expect(manager.wire).toEqual(["tasks:toggle"]);
  });

  it("delays a mutation and a subscription by the injected latency, and says it might be sent", () => {
    const { clock, faults, manager } = setup();
    faults.set({ latencyMs: 1_000 });
    expect(manager.sendMessage(mutation("tasks:toggle"))).toBe(true);
    manager.sendMessage(addQuery("tasks:get"));
    clock.advance(999);
    expect(manager.wire).toEqual([]);
    clock.advance(1);
    expect(manager.wire).toEqual(["tasks:toggle", "tasks:get"]);
  });

  it("keeps the protocol's order: an unaffected message waits behind a delayed one", () => {
    const { clock, faults, manager } = setup();
    faults.set({ latencyMs: 500, functions: "tasks:*" });
    manager.sendMessage(mutation("tasks:toggle"));
    manager.sendMessage(mutation("boards:rename"));
    expect(manager.wire).toEqual([]);
    clock.advance(500);
    expect(manager.wire).toEqual(["tasks:toggle", "boards:rename"]);
    manager.sendMessage(mutation("boards:rename"));
    expect(manager.wire).toHaveLength(3);
  });

  it("drops what it held for a socket that closed: the client re-sends on the next one", () => {
    const { clock, faults, manager } = setup();
    faults.set({ latencyMs: 500 });
    manager.sendMessage(mutation("tasks:toggle"));
    manager.socket = { state: "ready", ws: {}, paused: "no" };
    clock.advance(500);
    expect(manager.wire).toEqual([]);
  });

  it("stops the socket while offline is simulated, and restarts it when it ends", () => {
    const { faults, online, manager, dirty } = setup();
    online.setForcedOffline(true);
    faults.set({ offline: true });
    expect(manager.socket.state).toBe("stopped");
    expect(dirty()).toBe(1);
    // The client queues a mutation it cannot send (its optimistic update is already applied).
    expect(manager.sendMessage(mutation("tasks:toggle"))).toBe(false);
    online.setForcedOffline(false);
    expect(manager.socket.state).toBe("ready");
    expect(manager.restarts).toBe(1);
  });

  it("does not let the client restart its socket while offline holds it", () => {
    const { online, manager } = setup();
    online.setOnline(false);
    manager.tryRestart();
    expect(manager.socket.state).toBe("stopped");
    online.setOnline("auto");
    expect(manager.socket.state).toBe("ready");
  });

  it("cancels a reconnect the client had scheduled when offline starts", () => {
    const { online, manager } = setup();
    let reconnected = false;
    manager.socket = { state: "disconnected" };
    manager.scheduledReconnect = {
      timeout: setTimeout(() => {
        reconnected = true;
      }, 0),
    };
    online.setOnline(false);
    expect(manager.scheduledReconnect).toBeNull();
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(reconnected).toBe(false);
        resolve();
      }, 5),
    );
  });

  it("sends what it holds and gives the methods back when taken off", () => {
    const { faults, manager, uninstall } = setup();
    const gated = manager.sendMessage;
    faults.set({ latencyMs: 10_000 });
    manager.sendMessage(mutation("tasks:toggle"));
    uninstall();
    expect(manager.wire).toEqual(["tasks:toggle"]);
    expect(manager.sendMessage).not.toBe(gated);
  });

  it("reconnects a socket held offline when taken off, but not when taken off for the client's close", () => {
    const restored = setup();
    restored.online.setOnline(false);
    restored.uninstall();
    expect(restored.manager.socket.state).toBe("ready");
    const closing = setup();
    closing.online.setOnline(false);
    closing.uninstall(true);
    expect(closing.manager.socket.state).toBe("stopped");
    expect(closing.manager.restarts).toBe(0);
  });

  it("sends everything it holds, in order, when a flood reaches MAX_HELD_MESSAGES, and holds the next one", () => {
    const { clock, faults, manager } = setup();
    faults.set({ latencyMs: 1_000 });
    for (let i = 0; i < MAX_HELD_MESSAGES; i++) manager.sendMessage(mutation(`tasks:m${i}`));
    expect(manager.wire).toEqual([]);
    manager.sendMessage(mutation("tasks:last"));
    // None dropped: the held mutations went out early rather than not at all.
    expect(manager.wire).toEqual(
      Array.from({ length: MAX_HELD_MESSAGES }, (_, i) => `tasks:m${i}`),
    );
    clock.advance(1_000);
    expect(manager.wire).toHaveLength(MAX_HELD_MESSAGES + 1);
    expect(manager.wire.at(-1)).toBe("tasks:last");
  });

  it("leaves a client of another shape alone", () => {
    const gate = new SocketGate(new FaultInjector(), createOnlineManager({}), new FakeClock());
    gate.install({});
    expect(gate.installed).toBe(false);
  });
});
