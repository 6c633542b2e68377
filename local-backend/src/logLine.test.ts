import { describe, expect, it } from "vitest";
import {
  formatLogLine,
  LOG_OVERFLOW_LINE,
  LogLineBuffer,
  MAX_LOG_LINE_LENGTH,
  MAX_LOG_LINES_PER_CALL,
} from "./logLine.js";

describe("formatLogLine", () => {
  it("formats console.log arguments like a deployment does", () => {
    expect(formatLogLine("LOG", ["text", 1])).toBe("[LOG] 'text' 1");
  });

  it("keeps the [LEVEL] prefix the official client parses", () => {
    const line = formatLogLine("WARN", [{ a: 1 }]);
    expect(line).toMatch(/^\[WARN\] /);
    expect(line).toBe("[WARN] { a: 1 }");
  });

  it("cuts very long lines so one log call cannot bloat a response", () => {
    const line = formatLogLine("LOG", ["x".repeat(MAX_LOG_LINE_LENGTH * 2)]);
    expect(line.length).toBeLessThan(MAX_LOG_LINE_LENGTH + 100);
    expect(line.endsWith("(truncated due to length)")).toBe(true);
  });

  it("never throws on values that cannot be inspected", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no");
        },
        ownKeys() {
          throw new Error("no");
        },
      },
    );
    expect(formatLogLine("LOG", [hostile])).toMatch(/^\[LOG\] /);
  });
});

describe("LogLineBuffer", () => {
  it("stops at the per-call cap and says so once", () => {
    const buffer = new LogLineBuffer();
    for (let i = 0; i < MAX_LOG_LINES_PER_CALL + 50; i++) {
      buffer.push(`[LOG] ${i}`);
    }
    const lines = buffer.snapshot();
    expect(lines).toHaveLength(MAX_LOG_LINES_PER_CALL + 1);
    expect(lines.at(-1)).toBe(LOG_OVERFLOW_LINE);
  });
});
