import { describe, expect, it } from "vitest";
import { parseClientMessage } from "./clientMessage.js";

describe("parseClientMessage", () => {
  it("accepts the Connect message the official client sends first", () => {
    const result = parseClientMessage(
      JSON.stringify({
        type: "Connect",
        sessionId: "abc",
        connectionCount: 0,
        lastCloseReason: "InitialConnect",
        clientTs: 123,
      }),
    );
    expect(result).toEqual({
      ok: true,
      message: {
        type: "Connect",
        sessionId: "abc",
        connectionCount: 0,
        lastCloseReason: "InitialConnect",
        maxObservedTimestamp: undefined,
      },
    });
  });

  it("accepts a query-set change with adds and removes", () => {
    const result = parseClientMessage(
      JSON.stringify({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [
          { type: "Add", queryId: 0, udfPath: "messages:list", args: [{}] },
          { type: "Remove", queryId: 3 },
        ],
      }),
    );
    expect(result.ok).toBe(true);
  });

  it("rejects text that is not JSON with a readable reason", () => {
    expect(parseClientMessage("{nope")).toEqual({ ok: false, reason: "message is not valid JSON" });
  });

  it("rejects unknown message types", () => {
    const result = parseClientMessage(JSON.stringify({ type: "Explode" }));
    expect(result).toEqual({ ok: false, reason: "unknown message type Explode" });
  });

  it("rejects negative or fractional request ids", () => {
    for (const requestId of [-1, 1.5, "1"]) {
      const result = parseClientMessage(
        JSON.stringify({ type: "Mutation", requestId, udfPath: "m:f", args: [{}] }),
      );
      expect(result).toEqual({ ok: false, reason: "requestId must be a non-negative integer" });
    }
  });

  it("rejects a User Authenticate without a token", () => {
    const result = parseClientMessage(
      JSON.stringify({ type: "Authenticate", tokenType: "User", baseVersion: 0 }),
    );
    expect(result).toEqual({ ok: false, reason: "value must be a string" });
  });

  it("rejects arrays and primitives at the top level", () => {
    expect(parseClientMessage("[]").ok).toBe(false);
    expect(parseClientMessage("42").ok).toBe(false);
  });
});
