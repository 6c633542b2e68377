import type { WireInflightCall, WireInflightCalls } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { MAX_SETTLED_KEYS } from "./inflightCalls";
import { PanelStore } from "./panelStore";
import { wireCall } from "./test-support/wireItems";

const sync = (fn: () => void) => fn();

function pending(n: number, extra: Partial<WireInflightCall> = {}): WireInflightCall {
  return {
    id: `f${n}`,
    functionPath: "messages:send",
    kind: "mutation",
    transport: "websocket",
    startedAt: 1_700_000_000_000 + n,
    attempt: 1,
    waitingFor: "socket",
    ...extra,
  };
}

function snapshot(calls: WireInflightCall[], at = 1_700_000_002_000): WireInflightCalls {
  return { type: "inflight", at, total: calls.length, calls };
}

describe("the panel store's calls in flight", () => {
  it("keeps the latest snapshot of each session, whole, and ignores one that arrives late", () => {
    const store = new PanelStore({ schedule: sync });
    store.ingest({ session: "a", items: [snapshot([pending(1), pending(2)], 10)] });
    store.ingest({ session: "a", items: [snapshot([pending(2)], 20)] });
    store.ingest({ session: "a", items: [snapshot([], 15)] });
    store.ingest({ session: "b", items: [snapshot([pending(3)], 10)] });
    expect(store.inflight.pending("a").map((c) => c.id)).toEqual(["f2"]);
    expect(store.inflight.pending("b").map((c) => c.id)).toEqual(["f3"]);
    expect(store.inflight.pending("c")).toEqual([]);
    expect(store.inflight.pending(null)).toEqual([]);
  });

  it("drops a pending call the moment its record arrives, before the page's next snapshot", () => {
    const store = new PanelStore({ schedule: sync });
    store.ingest({ session: "a", items: [snapshot([pending(1), pending(2)])] });
    store.ingest({
      session: "a",
      items: [
        wireCall(1, {
          functionPath: "messages:send",
          kind: "mutation",
          startedAt: 1_700_000_000_001,
        }),
      ],
    });
    expect(store.inflight.pending("a").map((c) => c.id)).toEqual(["f2"]);
    // The same start in another session is another call.
    store.ingest({ session: "b", items: [snapshot([pending(1)])] });
    expect(store.inflight.pending("b").map((c) => c.id)).toEqual(["f1"]);
  });

  it("says how many calls the page had beyond those its capped snapshot listed", () => {
    const store = new PanelStore({ schedule: sync });
    store.ingest({ session: "a", items: [{ ...snapshot([pending(1)]), total: 600 }] });
    expect(store.inflight.unlisted("a")).toBe(599);
  });

  it("remembers at most MAX_SETTLED_KEYS settled calls, and forgets everything on reset", () => {
    const store = new PanelStore({ schedule: sync, limits: { calls: 10 } });
    store.ingest({ session: "a", items: [snapshot([pending(1)])] });
    const calls = Array.from({ length: MAX_SETTLED_KEYS + 1 }, (_, i) =>
      wireCall(i + 1, {
        functionPath: "messages:send",
        kind: "mutation",
        startedAt: 1_700_000_000_001 + i,
      }),
    );
    store.ingest({ session: "a", items: calls });
    // The first settled key was forgotten to make room: the (stale) snapshot's row shows again.
    expect(store.inflight.pending("a").map((c) => c.id)).toEqual(["f1"]);
    store.reset();
    expect(store.inflight.pending("a")).toEqual([]);
  });
});
