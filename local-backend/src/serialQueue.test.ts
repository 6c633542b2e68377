import { describe, expect, it } from "vitest";
import { QueueFullError, SerialQueue } from "./serialQueue.js";

describe("SerialQueue", () => {
  it("runs tasks one at a time in the order they were pushed", async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const slow = queue.push(async () => {
      events.push("a:start");
      await new Promise((resolve) => setTimeout(resolve, 10));
      events.push("a:end");
    });
    const fast = queue.push(async () => {
      events.push("b");
    });
    await Promise.all([slow, fast]);
    expect(events).toEqual(["a:start", "a:end", "b"]);
  });

  it("keeps going after a task fails", async () => {
    const queue = new SerialQueue();
    const failed = queue.push(async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    await expect(queue.push(async () => "next")).resolves.toBe("next");
  });

  it("refuses tasks beyond its cap and accepts them again once drained", async () => {
    const queue = new SerialQueue(2);
    const a = queue.push(() => new Promise((resolve) => setTimeout(resolve, 5)));
    const b = queue.push(async () => {});
    expect(() => queue.push(async () => {})).toThrow(QueueFullError);
    await Promise.all([a, b]);
    expect(queue.pending).toBe(0);
    await expect(queue.push(async () => "ok")).resolves.toBe("ok");
  });
});
