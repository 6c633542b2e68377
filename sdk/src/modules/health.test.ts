import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import { health } from "./health.js";

describe("health()", () => {
  it("refuses a bad threshold with a CONFIGURATION error naming it from health(), as metrics() does", () => {
    expect(() => health({ thresholds: { minCalls: -1 } })).toThrow(
      expect.objectContaining({
        code: ErrorCode.CONFIGURATION,
        message: expect.stringMatching(
          /^Invalid Convex Lens option: health\(\)\.thresholds\.minCalls must be .*, got -1\.$/,
        ),
      }),
    );
  });

  it("takes a threshold set to undefined as its default", () => {
    expect(() =>
      health({ thresholds: { minCalls: undefined, errorRate: { warn: undefined } } }),
    ).not.toThrow();
    expect(() => health({ thresholds: undefined })).not.toThrow();
  });
});
