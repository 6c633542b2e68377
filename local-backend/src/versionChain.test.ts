import { describe, expect, it } from "vitest";
import { encodeStateVersion, VersionChain } from "./versionChain.js";

describe("VersionChain", () => {
  it("starts every socket at the all-zero version the client assumes", () => {
    expect(new VersionChain().current).toEqual({ querySet: 0, ts: 0n, identity: 0 });
  });

  it("makes each Transition start exactly where the previous one ended", () => {
    const chain = new VersionChain();
    const first = chain.advance({ querySet: 1 });
    const second = chain.advance({ ts: 5n });
    const third = chain.advance({ identity: 1 });
    expect(second.start).toEqual(first.end);
    expect(third.start).toEqual(second.end);
    expect(third.end).toEqual({ querySet: 1, ts: 5n, identity: 1 });
  });

  it("never moves the timestamp backwards, so read-your-writes acknowledgements stay valid", () => {
    const chain = new VersionChain();
    chain.advance({ ts: 10n });
    const step = chain.advance({ ts: 3n });
    expect(step.end.ts).toBe(10n);
  });

  it("encodes the timestamp as base64 on the wire", () => {
    expect(encodeStateVersion({ querySet: 2, ts: 0n, identity: 1 })).toEqual({
      querySet: 2,
      ts: "AAAAAAAAAAA=",
      identity: 1,
    });
  });
});
