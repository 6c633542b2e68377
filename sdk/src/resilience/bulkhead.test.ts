import { describe, expect, it } from "vitest";
import { Bulkhead } from "./bulkhead.js";

describe("Bulkhead", () => {
  it("lets maxConcurrent calls run and queues the next ones in order", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueued: 2 });
    const a = await bulkhead.acquire();
    const b = await bulkhead.acquire();
    const order: string[] = [];
    const c = bulkhead.acquire()?.then((release) => {
      order.push("c");
      return release;
    });
    const d = bulkhead.acquire()?.then((release) => {
      order.push("d");
      return release;
    });
    expect(bulkhead.snapshot()).toEqual({ active: 2, queued: 2 });
    a?.();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    b?.();
    const releaseD = await d;
    expect(order).toEqual(["c", "d"]);
    releaseC?.();
    releaseD?.();
    expect(bulkhead.snapshot()).toEqual({ active: 0, queued: 0 });
  });

  it("rejects at once (null) when the queue is full, so the caller can fail with RATE_LIMITED", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
    await bulkhead.acquire();
    expect(bulkhead.acquire()).not.toBeNull();
    expect(bulkhead.acquire()).toBeNull();
    expect(bulkhead.snapshot()).toEqual({ active: 1, queued: 1 });
  });

  it("never queues more than maxQueued calls, however many arrive", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 3, maxQueued: 5 });
    let refused = 0;
    for (let i = 0; i < 10_000; i++) if (bulkhead.acquire() === null) refused++;
    expect(bulkhead.snapshot()).toEqual({ active: 3, queued: 5 });
    expect(refused).toBe(10_000 - 8);
  });

  it("ignores a release called twice, so one call cannot free two slots", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 0 });
    const release = await bulkhead.acquire();
    release?.();
    release?.();
    expect(bulkhead.snapshot().active).toBe(0);
    expect(bulkhead.tryAcquire()).not.toBeNull();
    expect(bulkhead.tryAcquire()).toBeNull();
  });

  it("gives the queue place back when a waiting call is aborted", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
    const first = await bulkhead.acquire();
    const controller = new AbortController();
    const waiting = bulkhead.acquire(controller.signal);
    controller.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
    expect(bulkhead.snapshot()).toEqual({ active: 1, queued: 0 });
    const next = bulkhead.acquire();
    first?.();
    await expect(next).resolves.toBeTypeOf("function");
  });

  it("rejects with an AbortError when the signal has already aborted", async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(bulkhead.acquire(controller.signal)).rejects.toMatchObject({ name: "AbortError" });
    expect(bulkhead.snapshot().active).toBe(0);
  });

  it("takes a slot without a promise when one is free (the fast path)", () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueued: 0 });
    const release = bulkhead.tryAcquire();
    expect(release).toBeTypeOf("function");
    expect(bulkhead.tryAcquire()).toBeNull();
    release?.();
    expect(bulkhead.tryAcquire()).not.toBeNull();
  });

  it.each([
    [{ maxConcurrent: 0, maxQueued: 1 }, "bulkhead.maxConcurrent"],
    [{ maxConcurrent: 1.5, maxQueued: 1 }, "bulkhead.maxConcurrent"],
    [{ maxConcurrent: 1, maxQueued: -1 }, "bulkhead.maxQueued"],
    [{ maxConcurrent: 1, maxQueued: Number.NaN }, "bulkhead.maxQueued"],
  ])("rejects %o with a message naming the option", (options, message) => {
    expect(() => new Bulkhead(options)).toThrow(message);
  });

  it("accepts an unbounded queue when asked for one explicitly", () => {
    expect(
      () => new Bulkhead({ maxConcurrent: 1, maxQueued: Number.POSITIVE_INFINITY }),
    ).not.toThrow();
  });
});
