import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import { type CallOptions, validateCallOptions } from "./callOptions.js";

describe("validateCallOptions", () => {
  it("refuses a mistyped or wrong option with a CONFIGURATION error naming it", () => {
    expect(() => validateCallOptions({ timeoutMS: 5 } as CallOptions)).toThrow(
      expect.objectContaining({
        code: ErrorCode.CONFIGURATION,
        message:
          "Invalid call option: timeoutMS is not an option; expected one of signal, timeoutMs, idempotent.",
      }),
    );
    expect(() => validateCallOptions({ timeoutMs: 0 })).toThrow(
      "Invalid call option: timeoutMs must be a number in (0, 2147483647] or null, got 0.",
    );
  });

  it("takes an option set to undefined as the function's own policy", () => {
    const options = { signal: undefined, timeoutMs: undefined, idempotent: undefined };
    expect(validateCallOptions(options)).toBe(options);
  });
});
