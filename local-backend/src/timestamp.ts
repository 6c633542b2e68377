/**
 * Convex sync-protocol timestamps are u64 values sent as base64 of 8 little-endian bytes
 * (convex/src/browser/sync/protocol.ts, `longToU64`). A plain number where base64 is expected
 * makes the client throw, so every timestamp leaving this server goes through here.
 */

const U64_MAX = (1n << 64n) - 1n;

/** Encodes a non-negative bigint below 2^64 the way the client's `u64ToLong` decodes it. */
export function encodeTs(ts: bigint): string {
  if (ts < 0n || ts > U64_MAX) {
    throw new RangeError(`timestamp out of u64 range: ${ts}`);
  }
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}
