import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakePort } from "../shared/test-support/fakePort";
import {
  COMMAND_TIMEOUT_MS,
  connectPanel,
  type PanelConnection,
  PING_INTERVAL_MS,
} from "./panelConnection";
import { PanelStore } from "./store/panelStore";
import { wireCall } from "./store/test-support/wireItems";

let store: PanelStore;
let ports: FakePort[];
let connection: PanelConnection;
const port = () => ports.at(-1) as FakePort;

beforeEach(() => {
  vi.useFakeTimers();
  store = new PanelStore({ schedule: (fn) => fn() });
  ports = [];
  connection = connectPanel({
    store,
    tabId: 42,
    preserveLog: true,
    connect: () => {
      const next = new FakePort("convex-lens-panel");
      ports.push(next);
      return next;
    },
    portOptions: { random: () => 0 },
  });
});

afterEach(() => {
  connection.close();
  vi.useRealTimers();
});

describe("the panel's connection", () => {
  it("attaches to its tab with its preserve-log setting, and again after every reconnection", async () => {
    expect(port().sent).toEqual([{ kind: "attach", tabId: 42, preserveLog: true }]);
    port().drop();
    expect(store.backgroundConnected).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(ports).toHaveLength(2);
    expect(port().sent).toEqual([{ kind: "attach", tabId: 42, preserveLog: true }]);
    expect([store.backgroundConnected, store.connections]).toEqual([true, 2]);
  });

  it("takes history and live batches into the store, and forgets everything on reset", () => {
    port().deliver({
      kind: "history",
      batches: [{ session: "s", items: [wireCall(1)] }],
      done: true,
    });
    port().deliver({ kind: "batch", batch: { session: "s", items: [wireCall(2)] } });
    expect(store.calls.size).toBe(2);
    port().deliver({ kind: "reset", reason: "navigated" });
    expect(store.calls.size).toBe(0);
    port().deliver({ kind: "status", pageConnected: true });
    expect(store.pageConnected).toBe(true);
  });

  it("reports a command the page never answers as a timeout", async () => {
    const id = connection.command({ name: "clearFaults" });
    expect(port().sentOfKind("command")).toEqual([
      { kind: "command", id, command: { name: "clearFaults" } },
    ]);
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS);
    expect(store.result(id)).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
  });

  it("keeps the page's answer rather than a timeout when it arrives in time", async () => {
    const id = connection.command({ name: "setOffline", offline: true });
    port().deliver({
      kind: "batch",
      batch: { session: "s", items: [{ type: "result", id, ok: true }] },
    });
    await vi.advanceTimersByTimeAsync(COMMAND_TIMEOUT_MS);
    expect(store.result(id)).toEqual({ type: "result", id, ok: true });
  });

  it("answers a command at once while the background is away", () => {
    port().drop();
    const id = connection.command({ name: "clearFaults" });
    expect(store.result(id)).toMatchObject({ ok: false, error: { code: "DISCONNECTED" } });
  });

  it("pings the worker while open, so an idle MV3 worker is not stopped under it", async () => {
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 2);
    expect(port().sentOfKind("ping")).toHaveLength(2);
  });

  it("holds live data back while an imported file is shown, and asks for it again on resync", () => {
    store.importedFrom = "trace.json";
    port().deliver({ kind: "batch", batch: { session: "s", items: [wireCall(1)] } });
    expect(store.calls.size).toBe(0);
    store.reset();
    connection.resync();
    expect(port().sentOfKind("attach")).toHaveLength(2);
  });

  it("clears the panel at once and asks the background to clear too", () => {
    port().deliver({ kind: "batch", batch: { session: "s", items: [wireCall(1)] } });
    connection.clear();
    expect(store.calls.size).toBe(0);
    expect(port().sentOfKind("clear")).toHaveLength(1);
    connection.setPreserveLog(false);
    expect(port().sentOfKind("preserveLog")).toEqual([{ kind: "preserveLog", value: false }]);
  });
});
