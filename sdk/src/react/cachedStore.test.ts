import { describe, expect, it } from "vitest";
import { cachedStore, keepWhileSame } from "./cachedStore.js";

/** A source with a value and listeners, counting how many listen. */
function source(initial: number) {
  const listeners = new Set<() => void>();
  let value = initial;
  let reads = 0;
  return {
    read: () => {
      reads++;
      return { value };
    },
    listen: (refresh: () => void) => {
      listeners.add(refresh);
      return () => listeners.delete(refresh);
    },
    set(next: number) {
      value = next;
      for (const l of listeners) l();
    },
    get listeners() {
      return listeners.size;
    },
    get reads() {
      return reads;
    },
  };
}

const byValue = keepWhileSame((v: { value: number }) => String(v.value));

describe("cachedStore", () => {
  it("returns the same snapshot until the source changes", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    const stop = store.subscribe(() => {});
    s.set(2);
    expect(store.getSnapshot()).not.toBe(first);
    expect(store.getSnapshot().value).toBe(2);
    stop();
  });

  it("tells subscribers only about changes that `keep` does not absorb", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    store.getSnapshot(); // React reads before it subscribes
    let notified = 0;
    const stop = store.subscribe(() => notified++);
    s.set(1);
    expect(notified).toBe(0);
    s.set(3);
    expect(notified).toBe(1);
    stop();
  });

  it("follows its source only while someone is subscribed, once however many subscribe", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    store.getSnapshot();
    expect(s.listeners).toBe(0);
    const a = store.subscribe(() => {});
    const b = store.subscribe(() => {});
    expect(s.listeners).toBe(1);
    a();
    a(); // unsubscribing twice is harmless
    expect(s.listeners).toBe(1);
    b();
    expect(s.listeners).toBe(0);
  });

  it("sees a change made between the first read and the subscription", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    expect(store.getSnapshot().value).toBe(1);
    s.set(2); // nobody listens yet
    let notified = 0;
    const stop = store.subscribe(() => notified++);
    expect(notified).toBe(1);
    expect(store.getSnapshot().value).toBe(2);
    stop();
  });

  it("reads afresh after everyone left, instead of serving what it held", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    store.subscribe(() => {})();
    s.set(5);
    expect(store.getSnapshot().value).toBe(5);
  });

  it("still tells the other subscribers, and its source, of a change when one subscriber throws", () => {
    const s = source(1);
    const store = cachedStore(s.read, s.listen, byValue);
    store.getSnapshot();
    let notified = 0;
    const a = store.subscribe(() => {
      throw new Error("a broken component");
    });
    const b = store.subscribe(() => notified++);
    expect(() => s.set(2)).not.toThrow();
    expect(notified).toBe(1);
    a();
    b();
  });
});
