import { describe, expect, it } from "vitest";
import { EventHistory } from "./eventHistory.js";

function seqs(history: EventHistory): number[] {
  const out: number[] = [];
  for (let seq = history.firstSeq; seq <= history.lastSeq; seq++) out.push(seq);
  return out;
}

describe("EventHistory", () => {
  it("numbers events from 1 and returns them with their kind", () => {
    const history = new EventHistory(4);
    history.push(1, "a");
    history.push(2, "b");
    expect([history.firstSeq, history.lastSeq, history.size]).toEqual([1, 2, 2]);
    expect([history.kindAt(2), history.itemAt(2)]).toEqual([2, "b"]);
  });

  it("never holds more than its capacity, and counts what it overwrote", () => {
    const history = new EventHistory(3);
    for (let i = 1; i <= 10; i++) history.push(1, i);
    expect(history.size).toBe(3);
    expect(seqs(history)).toEqual([8, 9, 10]);
    expect(seqs(history).map((seq) => history.itemAt(seq))).toEqual([8, 9, 10]);
    expect(history.overwritten).toBe(7);
  });

  it("counts only the overwritten events after a given seq as lost", () => {
    const history = new EventHistory(3);
    for (let i = 1; i <= 10; i++) history.push(1, i);
    expect(history.lostAfter(0)).toBe(7);
    expect(history.lostAfter(5)).toBe(2);
    expect(history.lostAfter(9)).toBe(0);
  });

  it("forgets everything on clear but keeps counting seq numbers", () => {
    const history = new EventHistory(5);
    for (let i = 1; i <= 4; i++) history.push(1, { big: i });
    history.clear();
    expect(history.size).toBe(0);
    expect(history.itemAt(1)).toBeUndefined();
    expect(history.lostAfter(0)).toBe(0);
    history.push(1, "after");
    expect([history.firstSeq, history.lastSeq]).toEqual([5, 5]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new EventHistory(0)).toThrow(RangeError);
    expect(() => new EventHistory(1.5)).toThrow(RangeError);
  });

  it("drops the oldest events to stay within its byte budget, always keeping the newest", () => {
    const history = new EventHistory(100, 1_000);
    for (let i = 0; i < 10; i++) history.push(1, i, 300);
    expect(history.retainedBytes).toBeLessThanOrEqual(1_000);
    expect(seqs(history)).toEqual([8, 9, 10]);
    expect(history.lostAfter(0)).toBe(7);
    expect(history.overwritten).toBe(7);
    expect(history.itemAt(7)).toBeUndefined();
    history.push(1, "huge", 5_000);
    expect(seqs(history)).toEqual([11]);
    expect(history.retainedBytes).toBe(5_000);
  });

  it("frees the weight of overwritten and cleared events", () => {
    const history = new EventHistory(2, 10_000);
    for (let i = 0; i < 5; i++) history.push(1, i, 100);
    expect(history.retainedBytes).toBe(200);
    history.clear();
    expect(history.retainedBytes).toBe(0);
    history.push(1, "x", 50);
    expect([history.retainedBytes, history.size]).toEqual([50, 1]);
  });
});
