import { describe, expect, it } from "vitest";
import { encodeTs } from "./timestamp.js";

describe("timestamp encoding", () => {
  it("encodes zero as the value the official client expects for a fresh socket", () => {
    expect(encodeTs(0n)).toBe("AAAAAAAAAAA=");
  });

  it("writes the bytes little-endian so the client reads the same number back", () => {
    const encoded = encodeTs(1n);
    expect([...Buffer.from(encoded, "base64")]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("round-trips nanosecond timestamps beyond 2^53 exactly", () => {
    const ts = 1_732_800_000_000_000_123n;
    // Read back the way the client's `u64ToLong` does: 8 little-endian bytes.
    expect(Buffer.from(encodeTs(ts), "base64").readBigUInt64LE()).toBe(ts);
  });

  it("refuses values that do not fit in a u64", () => {
    expect(() => encodeTs(-1n)).toThrow(RangeError);
    expect(() => encodeTs(1n << 64n)).toThrow(RangeError);
  });
});
