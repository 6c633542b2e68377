import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import {
  missingFunctionDetail,
  newRequestId,
  serverErrorMessage,
  thrownErrorDetail,
} from "./serverErrorMessage.js";

describe("server error messages", () => {
  it("uses 16 hex characters for request ids", () => {
    expect(newRequestId()).toMatch(/^[0-9a-f]{16}$/);
    expect(newRequestId()).not.toBe(newRequestId());
  });

  it("formats a development deployment's uncaught error", () => {
    const message = serverErrorMessage(
      "0123456789abcdef",
      thrownErrorDetail(new Error("boom"), true),
    );
    expect(message).toBe("[Request ID: 0123456789abcdef] Server Error\nUncaught Error: boom");
  });

  it("names ConvexError so clients can tell application errors apart", () => {
    const detail = thrownErrorDetail(new ConvexError({ code: "EMPTY" }), true);
    expect(detail).toBe('Uncaught ConvexError: {"code":"EMPTY"}');
  });

  it("reports validation failures before the handler as argument validation errors", () => {
    const detail = thrownErrorDetail(
      new Error("Validator error: Expected `string`, got `5`"),
      false,
    );
    expect(detail).toBe("ArgumentValidationError: Validator error: Expected `string`, got `5`");
  });

  it("keeps the redacted form when there is no detail", () => {
    expect(serverErrorMessage("ffffffffffffffff")).toBe(
      "[Request ID: ffffffffffffffff] Server Error",
    );
  });

  it("uses the deployment's wording for missing functions", () => {
    expect(missingFunctionDetail("messages:nope")).toBe(
      "Could not find public function for 'messages:nope'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    );
  });

  it("describes thrown non-errors without crashing", () => {
    expect(thrownErrorDetail("plain string", true)).toBe("Uncaught plain string");
    expect(thrownErrorDetail({ a: 1 }, true)).toBe('Uncaught {"a":1}');
  });
});
