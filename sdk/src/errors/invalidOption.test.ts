import { describe, expect, it } from "vitest";
import { optionError } from "../core/optionChecks.js";
import { ConfigurationError } from "./codeErrors.js";
import { ErrorCode } from "./errorCode.js";
import { invalidOption } from "./invalidOption.js";

describe("invalidOption", () => {
  it("says which API refused which option, and keeps the RangeError as the cause", () => {
    const reason = optionError("retry.maxAttempts", "must be an integer in [1, 100], got 0");
    const error = invalidOption("Convex Lens", reason);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(ErrorCode.CONFIGURATION);
    expect(error.message).toBe(
      "Invalid Convex Lens option: retry.maxAttempts must be an integer in [1, 100], got 0.",
    );
    expect(error.cause).toBe(reason);
  });

  it("takes a sentence as the reason, and a hint after it", () => {
    expect(invalidOption("setupTracing", "register is true", " (see the docs)").message).toBe(
      "Invalid setupTracing option: register is true (see the docs).",
    );
  });

  it("passes a CONFIGURATION error through unchanged rather than wrapping it twice", () => {
    const inner = invalidOption("call", "timeoutMs must be a number");
    expect(invalidOption("Convex Lens", inner)).toBe(inner);
  });
});
