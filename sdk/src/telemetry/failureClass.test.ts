import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/index.js";
import { failureClass } from "./failureClass.js";

describe("failureClass", () => {
  it("treats the app's own refusals as application answers, not system failures", () => {
    for (const code of [
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "NOT_FOUND",
      "VALIDATION",
      "CONFLICT",
      "APPLICATION",
    ]) {
      expect(failureClass(code)).toBe("application");
    }
  });

  it("leaves a cancelled call out of rates", () => {
    expect(failureClass("ABORTED")).toBe("cancelled");
  });

  it("counts every other taxonomy code, and any unknown code, as a system failure", () => {
    const others = Object.values(ErrorCode).filter(
      (code) => failureClass(code) !== "application" && code !== "ABORTED",
    );
    expect(others).toContain("TIMEOUT");
    for (const code of others) expect(failureClass(code)).toBe("system");
    expect(failureClass("SOMETHING_NEW")).toBe("system");
  });
});
