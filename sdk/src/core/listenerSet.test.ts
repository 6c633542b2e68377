import { describe, expect, it } from "vitest";
import { ListenerSet } from "./listenerSet.js";

describe("ListenerSet", () => {
  it("calls every listener even when one throws, and counts the throw", () => {
    const seen: unknown[] = [];
    const set = new ListenerSet<(n: number) => unknown>({
      record: (_source, error) => seen.push(error),
    });
    const heard: number[] = [];
    set.add(() => {
      throw new Error("boom");
    });
    set.add((n) => heard.push(n));
    set.notify(1);
    expect(heard).toEqual([1]);
    expect(set.errors).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it("counts an async listener's rejection instead of leaving it unhandled", async () => {
    const set = new ListenerSet<(n: number) => unknown>();
    set.add(() => Promise.reject(new Error("later")));
    set.notify(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(set.errors).toBe(1);
  });

  it("stops calling a listener once it unsubscribes", () => {
    const set = new ListenerSet<(n: number) => unknown>();
    const heard: number[] = [];
    const off = set.add((n) => heard.push(n));
    set.notify(1);
    off();
    set.notify(2);
    expect(heard).toEqual([1]);
    expect(set.size).toBe(0);
  });

  it("delivers an event to the listeners subscribed when it started", () => {
    const set = new ListenerSet<(n: number) => unknown>();
    const heard: string[] = [];
    let offB = (): void => undefined;
    set.add((n) => {
      heard.push(`a${n}`);
      offB();
      set.add((m) => heard.push(`c${m}`));
    });
    offB = set.add((n) => heard.push(`b${n}`));
    set.notify(1);
    expect(heard).toEqual(["a1", "b1"]);
  });
});
