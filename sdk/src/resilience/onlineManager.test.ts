import { describe, expect, it, vi } from "vitest";
import { ErrorCode } from "../errors/index.js";
import {
  type ConnectionSource,
  convexConnectionSource,
  createOnlineManager,
} from "./onlineManager.js";
import { FakeClock } from "./test-support/fakeClock.js";

function browser() {
  const target = new EventTarget();
  const go = (online: boolean): void => {
    target.dispatchEvent(new Event(online ? "online" : "offline"));
  };
  return { env: { target }, go, target };
}

/** A stand-in for a Convex client's connection state. */
function socket(connected: boolean) {
  let state = connected;
  const listeners = new Set<(connected: boolean) => void>();
  const source: ConnectionSource = {
    isConnected: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (value: boolean): void => {
    state = value;
    for (const listener of listeners) listener(value);
  };
  return { source, set, listeners };
}

describe("createOnlineManager", () => {
  it("starts online, whatever navigator.onLine says, and follows the window's online/offline events", () => {
    vi.stubGlobal("navigator", { onLine: false });
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    expect(createOnlineManager().isOnline()).toBe(true);
    expect(manager.isOnline()).toBe(true);
    vi.unstubAllGlobals();
    go(false);
    expect(manager.isOnline()).toBe(false);
    go(true);
    expect(manager.isOnline()).toBe(true);
    go(false);
    expect(manager.isOnline()).toBe(false);
  });

  it("assumes online where there is no navigator or window (servers, tests)", () => {
    expect(createOnlineManager({}).isOnline()).toBe(true);
  });

  it("reads the real globals when no environment is given", () => {
    const manager = createOnlineManager();
    expect(typeof manager.isOnline()).toBe("boolean");
    manager.dispose();
  });

  it("is offline while offline is forced, whatever the browser says", () => {
    const manager = createOnlineManager(browser().env);
    manager.setForcedOffline(true);
    expect(manager.isOnline()).toBe(false);
    manager.setForcedOffline(false);
    expect(manager.isOnline()).toBe(true);
  });

  it("tells subscribers about changes only, and isolates a throwing subscriber", () => {
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    const seen: boolean[] = [];
    manager.subscribe(() => {
      throw new Error("subscriber bug");
    });
    const unsubscribe = manager.subscribe((online) => seen.push(online));
    go(true); // no change
    go(false);
    manager.setForcedOffline(true); // still offline: no change
    go(true); // forced: still offline
    manager.setForcedOffline(false);
    unsubscribe();
    go(false);
    expect(seen).toEqual([false, true]);
    expect(manager.listenerErrors).toBe(3); // the throwing one saw all three changes
  });

  it("resolves waitForOnline at once when online, and when the network returns otherwise", async () => {
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    go(false);
    let back = false;
    const waiting = manager.waitForOnline().then(() => {
      back = true;
    });
    await Promise.resolve();
    expect(back).toBe(false);
    go(true);
    await waiting;
    expect(back).toBe(true);
    await expect(manager.waitForOnline()).resolves.toBeUndefined();
  });

  it("rejects a waiter whose signal aborts, and forgets it", async () => {
    const manager = createOnlineManager({});
    manager.setForcedOffline(true);
    const controller = new AbortController();
    const waiting = manager.waitForOnline(controller.signal);
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    const already = new AbortController();
    already.abort();
    await expect(manager.waitForOnline(already.signal)).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("caps the number of calls waiting for the network", async () => {
    const manager = createOnlineManager({ maxWaiters: 3 });
    manager.setForcedOffline(true);
    const waiting = [manager.waitForOnline(), manager.waitForOnline(), manager.waitForOnline()];
    await expect(manager.waitForOnline()).rejects.toMatchObject({ code: ErrorCode.OFFLINE });
    manager.setForcedOffline(false);
    await expect(Promise.all(waiting)).resolves.toHaveLength(3);
    // The released places are free again.
    manager.setForcedOffline(true);
    const again = manager.waitForOnline();
    manager.setForcedOffline(false);
    await expect(again).resolves.toBeUndefined();
  });

  it("fails a wait with OFFLINE once its deadline passes, and forgets the waiter", async () => {
    const clock = new FakeClock();
    const manager = createOnlineManager({ clock, waitTimeoutMs: 5_000, maxWaiters: 1 });
    manager.setForcedOffline(true);
    const waiting = manager.waitForOnline();
    const outcome = waiting.then(
      () => "online",
      (error: { code: string }) => error.code,
    );
    clock.advance(4_999);
    await Promise.resolve();
    await clock.advanceAsync(1);
    expect(await outcome).toBe(ErrorCode.OFFLINE);
    expect(clock.pendingTimers).toBe(0);
    const again = manager.waitForOnline();
    manager.setForcedOffline(false);
    await expect(again).resolves.toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it("lets setOnline override detection until set back to auto", () => {
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    manager.setOnline(false);
    go(true);
    expect(manager.isOnline()).toBe(false);
    manager.setOnline(true);
    go(false);
    expect(manager.isOnline()).toBe(true);
    manager.setOnline("auto");
    expect(manager.isOnline()).toBe(false);
  });

  it("keeps a disconnected socket apart from being offline", () => {
    const manager = createOnlineManager({});
    const ws = socket(true);
    manager.addConnectionSource(ws.source);
    ws.set(false);
    expect(manager.isOnline()).toBe(true);
    expect(manager.isConnected()).toBe(false);
  });

  it("reports connected only when every source is, and only on edges", () => {
    const manager = createOnlineManager({});
    const a = socket(true);
    const b = socket(false);
    const seen: boolean[] = [];
    expect(manager.isConnected()).toBe(true);
    manager.addConnectionSource(a.source);
    manager.subscribeConnection((connected) => seen.push(connected));
    const removeB = manager.addConnectionSource(b.source);
    expect(manager.isConnected()).toBe(false);
    b.set(false); // no edge
    b.set(true);
    a.set(false);
    a.set(true);
    b.set(false);
    removeB(); // a removed disconnected source no longer counts
    expect(manager.isConnected()).toBe(true);
    expect(b.listeners.size).toBe(0);
    expect(seen).toEqual([false, true, false, true, false, true]);
  });

  it("tells connection listeners when the first socket it follows is already connected, so its first drop is heard as one", () => {
    const manager = createOnlineManager({});
    const a = socket(true);
    const b = socket(true);
    const seen: boolean[] = [];
    manager.subscribeConnection((connected) => seen.push(connected));
    manager.addConnectionSource(a.source);
    manager.addConnectionSource(b.source);
    expect(seen).toEqual([true]);
    a.set(false);
    a.set(true);
    expect(seen).toEqual([true, false, true]);
  });

  it("says nothing more than the drop when the first socket it follows is still connecting", () => {
    const manager = createOnlineManager({});
    const a = socket(false);
    const seen: boolean[] = [];
    manager.subscribeConnection((connected) => seen.push(connected));
    manager.addConnectionSource(a.source);
    a.set(true);
    expect(seen).toEqual([false, true]);
  });

  it("tells a socket's own drop and return apart from a client followed or let go of", () => {
    const manager = createOnlineManager({});
    const a = socket(true);
    const b = socket(true);
    const seen: [boolean, string][] = [];
    manager.subscribeConnection((connected, cause) => seen.push([connected, cause]));
    manager.addConnectionSource(a.source);
    const removeB = manager.addConnectionSource(b.source);
    b.set(false);
    removeB(); // b closed while down: connected again, but nothing came back
    expect(manager.isConnected()).toBe(true);
    expect(manager.hasConnectionSources()).toBe(true);
    manager.addConnectionSource(socket(false).source); // a new client, connecting
    expect(seen).toEqual([
      [true, "followed"],
      [false, "socket"],
      [true, "unfollowed"],
      [false, "followed"],
    ]);
  });

  it("says the last socket let go of is no longer followed, down or up, and not that it reconnected", () => {
    const manager = createOnlineManager({});
    const seen: [boolean, string, boolean][] = [];
    manager.subscribeConnection((connected, cause) =>
      seen.push([connected, cause, manager.hasConnectionSources()]),
    );
    const down = socket(true);
    const removeDown = manager.addConnectionSource(down.source);
    down.set(false);
    removeDown();
    const removeUp = manager.addConnectionSource(socket(true).source);
    removeUp();
    expect(seen).toEqual([
      [true, "followed", true],
      [false, "socket", true],
      [true, "unfollowed", false],
      [true, "followed", true],
      [true, "unfollowed", false],
    ]);
    expect(manager.isConnected()).toBe(true);
  });

  it("says nothing when a connected socket is let go of while others are followed", () => {
    const manager = createOnlineManager({});
    manager.addConnectionSource(socket(true).source);
    const removeB = manager.addConnectionSource(socket(true).source);
    const seen: boolean[] = [];
    manager.subscribeConnection((connected) => seen.push(connected));
    removeB();
    expect(seen).toEqual([]);
    expect(manager.isConnected()).toBe(true);
  });

  it("ignores a source added twice and late callbacks of a removed source", () => {
    const manager = createOnlineManager({});
    const a = socket(true);
    const remove = manager.addConnectionSource(a.source);
    manager.addConnectionSource(a.source);
    expect(a.listeners.size).toBe(1);
    remove();
    remove();
    a.set(false);
    expect(manager.isConnected()).toBe(true);
  });

  it("adapts a Convex client's connection state", () => {
    let cb: ((state: { isWebSocketConnected: boolean }) => void) | undefined;
    const unsubscribe = vi.fn();
    const client = {
      connectionState: () => ({ isWebSocketConnected: false }),
      subscribeToConnectionState: (
        listener: (state: { isWebSocketConnected: boolean }) => void,
      ) => {
        cb = listener;
        return unsubscribe;
      },
    };
    const manager = createOnlineManager({});
    const remove = manager.addConnectionSource(convexConnectionSource(client));
    expect(manager.isConnected()).toBe(false);
    cb?.({ isWebSocketConnected: true });
    expect(manager.isConnected()).toBe(true);
    remove();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it("on dispose stops listening, unsubscribes sources and lets every waiter go", async () => {
    const { env, target } = browser();
    const remove = vi.spyOn(target, "removeEventListener");
    const manager = createOnlineManager(env);
    target.dispatchEvent(new Event("offline"));
    const ws = socket(true);
    manager.addConnectionSource(ws.source);
    const waiting = manager.waitForOnline();
    manager.dispose();
    await expect(waiting).resolves.toBeUndefined();
    expect(remove).toHaveBeenCalledTimes(2);
    expect(ws.listeners.size).toBe(0);
    await expect(manager.waitForOnline()).resolves.toBeUndefined();
  });

  it("holds first attempts only while offline is forced or set false, never on the browser's offline event", () => {
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    go(false);
    expect([manager.isOnline(), manager.holdsCalls()]).toEqual([false, false]);
    manager.setForcedOffline(true);
    expect(manager.holdsCalls()).toBe(true);
    manager.setForcedOffline(false);
    manager.setOnline(false);
    expect(manager.holdsCalls()).toBe(true);
    manager.setOnline("auto");
    expect(manager.holdsCalls()).toBe(false);
  });

  it("releases a held first attempt when a forced offline ends, although the browser still says offline", async () => {
    const { env, go } = browser();
    const manager = createOnlineManager(env);
    go(false);
    manager.setForcedOffline(true);
    let released = false;
    const release = manager.waitForRelease().then(() => (released = true));
    const online = manager.waitForOnline();
    await Promise.resolve();
    expect(released).toBe(false);
    manager.setForcedOffline(false);
    await release;
    expect(manager.isOnline()).toBe(false);
    go(true);
    await online;
  });

  it("fails a held first attempt with OFFLINE past its deadline", async () => {
    const clock = new FakeClock();
    const manager = createOnlineManager({ clock, waitTimeoutMs: 1_000 });
    manager.setForcedOffline(true);
    const waiting = manager.waitForRelease().catch((e: { code?: string }) => e.code);
    clock.advance(1_000);
    expect(await waiting).toBe(ErrorCode.OFFLINE);
  });

  it("tells hold listeners when calls start and stop being held, and only then", () => {
    const online = createOnlineManager({});
    const seen: boolean[] = [];
    online.subscribeHold((held) => seen.push(held));
    online.setForcedOffline(true);
    online.setOnline(false);
    online.setForcedOffline(false);
    online.setOnline("auto");
    expect(seen).toEqual([true, false]);
  });
});
