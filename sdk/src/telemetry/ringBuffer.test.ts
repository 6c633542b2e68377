import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ringBuffer.js";

describe("RingBuffer", () => {
  it("keeps items in the order they were pushed", () => {
    const ring = new RingBuffer<number>(4);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    expect(ring.toArray()).toEqual([1, 2, 3]);
    expect(ring.size).toBe(3);
    expect(ring.peekOldest()).toBe(1);
    expect(ring.peekNewest()).toBe(3);
  });

  it("never holds more than its capacity, dropping the oldest items first", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.dropped).toBe(7);
  });

  it("hands items back oldest first when shifted, across the wrap-around", () => {
    const ring = new RingBuffer<string>(2);
    ring.push("a");
    ring.push("b");
    ring.push("c");
    expect(ring.shift()).toBe("b");
    ring.push("d");
    expect(ring.shift()).toBe("c");
    expect(ring.shift()).toBe("d");
    expect(ring.shift()).toBeUndefined();
    expect(ring.size).toBe(0);
  });

  it("forgets everything on clear and starts counting drops again", () => {
    const ring = new RingBuffer<number>(2);
    for (let i = 0; i < 5; i++) ring.push(i);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.dropped).toBe(0);
    expect(ring.peekNewest()).toBeUndefined();
    ring.push(42);
    expect(ring.toArray()).toEqual([42]);
  });

  it("returns a copy, so callers cannot change what it holds", () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    const copy = ring.toArray();
    copy.push(99);
    expect(ring.toArray()).toEqual([1]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
    expect(() => new RingBuffer(Number.NaN)).toThrow(RangeError);
  });
});
