import { describe, expect, it } from "vitest";
import { MemoryBudget } from "./memoryBudget.js";

describe("MemoryBudget", () => {
  it("refuses a socket more than its own share", () => {
    const account = new MemoryBudget(1_000).account(100);
    expect(account.tryHold(60)).toBe(true);
    expect(account.tryHold(50)).toBe(false);
    expect(account.heldBytes).toBe(60);
  });

  it("refuses every socket once the total is reached, whatever their shares", () => {
    const budget = new MemoryBudget(150);
    const sockets = Array.from({ length: 500 }, () => budget.account(100));
    const admitted = sockets.filter((account) => account.tryHold(70)).length;
    expect(admitted).toBe(2);
    expect(budget.usedBytes).toBe(140);
  });

  it("gives everything back when a socket closes, and ignores late releases", () => {
    const budget = new MemoryBudget(100);
    const first = budget.account(100);
    const second = budget.account(100);
    first.tryHold(80);
    first.releaseAll();
    first.release(80);
    expect(budget.usedBytes).toBe(0);
    expect(second.tryHold(100)).toBe(true);
    first.release(50);
    expect(budget.usedBytes).toBe(100);
  });
});
