import { describe, expect, it } from "vitest";
import { PanelStore } from "./panelStore";
import { wireSubscription, wireSubscriptions } from "./test-support/wireSubscriptions";

const sync = (fn: () => void) => fn();

describe("the panel store's subscriptions", () => {
  it("keeps the latest snapshot of each session, whole, and ignores one that arrives late", () => {
    const store = new PanelStore({ schedule: sync });
    store.ingest({
      session: "a",
      items: [wireSubscriptions([wireSubscription(1), wireSubscription(2)], 10)],
    });
    store.ingest({ session: "b", items: [wireSubscriptions([wireSubscription(3)], 10)] });
    store.ingest({ session: "a", items: [wireSubscriptions([wireSubscription(2)], 20)] });
    store.ingest({ session: "a", items: [wireSubscriptions([], 15)] });
    expect(store.subscriptions.latest("a")?.subscriptions.map((s) => s.id)).toEqual(["s2"]);
    expect(store.subscriptions.latest("b")?.subscriptions.map((s) => s.id)).toEqual(["s3"]);
    expect(store.subscriptions.latest("c")).toBeNull();
  });

  it("keeps snapshots of at most the store's number of sessions", () => {
    const store = new PanelStore({ schedule: sync, limits: { sessions: 2 } });
    for (const session of ["a", "b", "c"]) {
      store.ingest({ session, items: [wireSubscriptions([wireSubscription(1)])] });
    }
    expect(store.subscriptions.latest("a")).toBeNull();
    expect(store.subscriptions.latest(null)).toBe(store.subscriptions.latest("c"));
  });

  it("keeps a selection while the subscription lives, and forgets everything on reset", () => {
    const store = new PanelStore({ schedule: sync });
    store.ingest({
      session: "a",
      items: [wireSubscriptions([wireSubscription(1), wireSubscription(2)], 1)],
    });
    store.subscriptions.selectedId = "s2";
    expect(store.subscriptions.selected(store.subscriptions.latest("a"))?.id).toBe("s2");
    store.ingest({ session: "a", items: [wireSubscriptions([wireSubscription(1)], 2)] });
    expect(store.subscriptions.selected(store.subscriptions.latest("a"))).toBeUndefined();
    store.reset();
    expect(store.subscriptions.latest(null)).toBeNull();
    expect(store.subscriptions.selectedId).toBeNull();
  });
});
