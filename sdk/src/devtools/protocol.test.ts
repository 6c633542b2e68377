import { describe, expect, it } from "vitest";
import * as protocol from "./protocol.js";

describe("the devtools-protocol entry", () => {
  it("exports the constants and the validator the page and the extension use, and nothing else", () => {
    expect(Object.keys(protocol).sort()).toEqual([
      "BRIDGE_OFF_MARKER",
      "DEVTOOLS_SOURCE",
      "PAGE_SOURCE",
      "PROTOCOL_LIMITS",
      "PROTOCOL_VERSION",
      "hasProtocolTag",
      "isPageMessage",
      "validateDevtoolsMessage",
      "validateMessage",
    ]);
  });
});
