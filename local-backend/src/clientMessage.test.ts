import { describe, expect, it } from "vitest";
import { FIELD_LIMITS, parseClientMessage } from "./clientMessage.js";

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

describe("parseClientMessage field caps", () => {
  const connect = (fields: Record<string, unknown>) =>
    parseClientMessage(
      JSON.stringify({
        type: "Connect",
        sessionId: "5f0c0a9e-3d0c-4f53-9d43-6e1c2b7f1a00",
        connectionCount: 0,
        lastCloseReason: null,
        ...fields,
      }),
    );

  it("accepts the UUID session id the official client sends", () => {
    expect(connect({}).ok).toBe(true);
  });

  it("rejects a session id far longer than a UUID, such as 7 MB of it", () => {
    expect(connect({ sessionId: "s".repeat(65) })).toEqual({
      ok: false,
      reason: `sessionId is longer than ${FIELD_LIMITS.sessionId} characters`,
    });
    expect(connect({ sessionId: "s".repeat(7_000_000) }).ok).toBe(false);
  });

  it("rejects oversized close reasons and timestamps on Connect", () => {
    expect(connect({ lastCloseReason: "r".repeat(FIELD_LIMITS.lastCloseReason + 1) }).ok).toBe(
      false,
    );
    expect(connect({ maxObservedTimestamp: "t".repeat(65) }).ok).toBe(false);
  });

  it("rejects oversized query paths, component paths and journals in a query-set change", () => {
    const add = (fields: Record<string, unknown>) =>
      parseClientMessage(
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: 0,
          newVersion: 1,
          modifications: [{ type: "Add", queryId: 0, udfPath: "m:f", args: [{}], ...fields }],
        }),
      );
    expect(add({ journal: null }).ok).toBe(true);
    expect(add({ udfPath: "m".repeat(2_000) }).ok).toBe(false);
    expect(add({ componentPath: "c".repeat(2_000) }).ok).toBe(false);
    expect(add({ journal: "j".repeat(FIELD_LIMITS.journal + 1) }).ok).toBe(false);
  });

  it("rejects a query-set change with more modifications than any socket may hold", () => {
    const modifications = Array.from({ length: FIELD_LIMITS.modifications + 1 }, (_, queryId) => ({
      type: "Remove",
      queryId,
    }));
    const result = parseClientMessage(
      JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications }),
    );
    expect(result.ok).toBe(false);
  });

  it("rejects an oversized token and mutation path", () => {
    expect(
      parseClientMessage(
        JSON.stringify({
          type: "Authenticate",
          tokenType: "User",
          baseVersion: 0,
          value: "v".repeat(FIELD_LIMITS.value + 1),
        }),
      ).ok,
    ).toBe(false);
    expect(
      parseClientMessage(
        JSON.stringify({ type: "Mutation", requestId: 0, udfPath: "p".repeat(2_000), args: [{}] }),
      ).ok,
    ).toBe(false);
  });
});
