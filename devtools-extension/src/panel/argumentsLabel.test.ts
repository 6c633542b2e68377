import { describe, expect, it } from "vitest";
import { argumentsLabel, resultLabel } from "./argumentsLabel";

describe("argumentsLabel", () => {
  it("says arguments were redacted only when the redactor removed something", () => {
    expect(argumentsLabel({ argsPreview: '{"token":"[REDACTED]"}' })).toEqual({
      heading: "Arguments (redacted)",
      option: null,
    });
  });

  it("calls arguments with nothing removed just Arguments", () => {
    expect(argumentsLabel({ argsPreview: '{"boardId":"b1"}' }).heading).toBe("Arguments");
  });

  it("says how to turn capture on when the page sent no arguments", () => {
    expect(argumentsLabel({})).toEqual({
      heading: "Arguments not captured — turn on",
      option: "capture.args",
    });
  });

  it("labels a result by the same rule", () => {
    expect(resultLabel('{"ok":true}')).toBe("Result");
    expect(resultLabel('"[REDACTED]"')).toBe("Result (redacted)");
  });
});
