import { describe, expect, it } from "vitest";
import { counterFromId, tableFromId } from "./documentId.js";

describe("document ids", () => {
  it("reads the table and counter of a local backend id", () => {
    const id = "0000000000000000000010042messages";
    expect(tableFromId(id)).toBe("messages");
    expect(counterFromId(id)).toBe(10042);
  });

  it("handles system tables", () => {
    expect(tableFromId("000000000000000000010000_storage")).toBe("_storage");
  });

  it("returns null for ids in another format", () => {
    expect(tableFromId("jd7abc")).toBeNull();
    expect(tableFromId("12345")).toBeNull();
    expect(counterFromId("messages")).toBeNull();
  });
});
