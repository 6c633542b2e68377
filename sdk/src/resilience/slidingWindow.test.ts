import { describe, expect, it } from "vitest";
import { SlidingWindow } from "./slidingWindow.js";

describe("SlidingWindow", () => {
  it("counts what was added within the window", () => {
    const window = new SlidingWindow(1_000, 2);
    window.advance(0);
    window.add(0);
    window.add(1, 3);
    window.advance(500);
    window.add(0);
    expect([window.total(0), window.total(1)]).toEqual([2, 3]);
  });

  it("drops buckets as they slide out, one at a time", () => {
    const window = new SlidingWindow(1_000, 1, 10); // 100 ms buckets
    for (let t = 0; t < 1_000; t += 100) {
      window.advance(t);
      window.add(0);
    }
    expect(window.total(0)).toBe(10);
    window.advance(1_000);
    expect(window.total(0)).toBe(9);
    window.advance(1_450);
    expect(window.total(0)).toBe(5);
  });

  it("forgets everything after an idle gap longer than the window", () => {
    const window = new SlidingWindow(1_000, 1);
    window.advance(0);
    window.add(0, 50);
    window.advance(1_000_000);
    expect(window.total(0)).toBe(0);
    window.add(0);
    expect(window.total(0)).toBe(1);
  });

  it("keeps counting into the newest bucket when the clock goes backwards", () => {
    const window = new SlidingWindow(1_000, 1);
    window.advance(5_000);
    window.add(0);
    window.advance(4_000);
    window.add(0);
    expect(window.total(0)).toBe(2);
  });

  it("handles negative times", () => {
    const window = new SlidingWindow(1_000, 1);
    window.advance(-250);
    window.add(0);
    window.advance(0);
    expect(window.total(0)).toBe(1);
  });

  it("clear() forgets everything", () => {
    const window = new SlidingWindow(1_000, 1);
    window.advance(0);
    window.add(0, 7);
    window.clear();
    expect(window.total(0)).toBe(0);
  });
});
