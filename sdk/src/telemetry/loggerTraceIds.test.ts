import { describe, expect, it } from "vitest";
import { createLogger, type LogRecord, readableSink } from "./logger.js";

// Issue 13 §6 "Ids": a call without a tracer provider, or not sampled, has no trace to look up.

describe("the logger's trace ids", () => {
  it("leaves out all-zero and empty trace and span ids, keeping real ones", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: "warn", sink: (r) => records.push(r) });
    logger.warn("no provider", { trace_id: "0".repeat(32), span_id: "0".repeat(16) });
    logger.warn("not sampled", { trace_id: "", span_id: "" });
    logger.warn("traced", {
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
    });
    expect(records.map((r) => [r.trace_id, r.span_id])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      ["4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"],
    ]);
  });

  it("never prints (trace 000…) in a readable line", () => {
    const lines: string[] = [];
    const console = {
      debug: (line: string) => lines.push(line),
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    };
    const logger = createLogger({ level: "warn", sink: readableSink(console) });
    logger.warn("query a:b failed", { trace_id: "0".repeat(32) });
    expect(lines).toEqual(["[convex-lens] WARN query a:b failed"]);
  });
});
