import { describe, expect, it } from "vitest";
import { ReadSet, recordSyscallRead, UNKNOWN_TABLE } from "./readSet.js";

function readsOf(...calls: [string, unknown][]): ReadSet {
  const reads = new ReadSet();
  for (const [op, args] of calls) {
    recordSyscallRead(reads, op, JSON.stringify(args));
  }
  return reads;
}

describe("ReadSet", () => {
  it("records the tables a query scans, looks up by index and counts", () => {
    const reads = readsOf(
      ["1.0/queryStream", { query: { source: { type: "FullTableScan", tableName: "messages" } } }],
      ["1.0/queryPage", { query: { source: { type: "IndexRange", indexName: "users.by_name" } } }],
      ["1.0/count", { table: "likes" }],
      ["1.0/get", { id: "10003channels" }],
      ["1.0/queryStreamNext", { queryId: 1 }],
    );
    expect([...reads.tables].sort()).toEqual(["channels", "likes", "messages", "users"]);
    expect(reads.all).toBe(false);
  });

  it("only re-runs a query when a commit wrote a table it read", () => {
    const reads = readsOf(["1.0/count", { table: "messages" }]);
    expect(reads.intersects(new Set(["messages"]))).toBe(true);
    expect(reads.intersects(new Set(["users"]))).toBe(false);
    expect(reads.intersects(new Set())).toBe(false);
  });

  it("falls back to re-running on every write when a read cannot be attributed", () => {
    const reads = readsOf(["1.0/someFutureSyscall", {}]);
    expect(reads.all).toBe(true);
    expect(reads.intersects(new Set(["anything"]))).toBe(true);
  });

  it("treats writes to unknown tables as touching every query", () => {
    const reads = readsOf(["1.0/count", { table: "messages" }]);
    expect(reads.intersects(new Set([UNKNOWN_TABLE]))).toBe(true);
  });

  it("counts storage reads as reads of the _storage table", () => {
    const reads = readsOf(["1.0/storageGetUrl", { storageId: "1_storage" }]);
    expect([...reads.tables]).toEqual(["_storage"]);
  });
});
