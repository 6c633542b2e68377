import { describe, expect, it } from "vitest";
import { UploadBudget } from "./uploadBudget.js";

describe("UploadBudget", () => {
  it("lets concurrent uploads together reserve no more than the room left", () => {
    const budget = new UploadBudget(() => 256, 8);
    const uploads = Array.from({ length: 8 }, () => budget.begin());
    const admitted = uploads.filter((upload) => upload?.grow(200)).length;
    expect(admitted).toBe(1);
    expect(budget.reservedBytes).toBe(200);
  });

  it("refuses uploads beyond the concurrency cap until one ends", () => {
    const budget = new UploadBudget(() => 1_000, 2);
    const first = budget.begin();
    expect(budget.begin()).not.toBeNull();
    expect(budget.begin()).toBeNull();
    first?.end();
    first?.end();
    expect(budget.activeUploads).toBe(1);
    expect(budget.begin()).not.toBeNull();
  });

  it("gives an ended upload's room to the next one", () => {
    const budget = new UploadBudget(() => 100);
    const first = budget.begin();
    expect(first?.grow(100)).toBe(true);
    const second = budget.begin();
    expect(second?.grow(1)).toBe(false);
    first?.end();
    expect(second?.grow(100)).toBe(true);
    expect(first?.grow(1)).toBe(false);
  });
});
