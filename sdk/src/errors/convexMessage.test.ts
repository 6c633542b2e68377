import { describe, expect, it } from "vitest";
import { parseConvexMessage } from "./convexMessage.js";

describe("parseConvexMessage", () => {
  it("splits the WebSocket client's prefix, request id and trailer off", () => {
    expect(
      parseConvexMessage(
        "[CONVEX A(ai/chat:reply)] [Request ID: 9f8e] Server Error\n  Called by client",
      ),
    ).toEqual({
      text: "[Request ID: 9f8e] Server Error",
      functionPath: "ai/chat:reply",
      kind: "action",
      requestId: "9f8e",
    });
  });

  it("leaves an HTTP client message, which has no prefix, as it is", () => {
    expect(parseConvexMessage("[Request ID: h1] Server Error")).toEqual({
      text: "[Request ID: h1] Server Error",
      requestId: "h1",
    });
  });

  it("does not invent a kind for the client's '?' source", () => {
    const parts = parseConvexMessage("[CONVEX ?(x:y)] boom");
    expect(parts.kind).toBeUndefined();
    expect(parts.functionPath).toBe("x:y");
    expect(parts.text).toBe("boom");
  });

  it("ignores look-alikes in the middle of a message", () => {
    expect(parseConvexMessage("see [CONVEX M(a:b)] later")).toEqual({
      text: "see [CONVEX M(a:b)] later",
    });
  });
});
