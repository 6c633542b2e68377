import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { Diagnostics } from "./diagnostics.js";
import {
  type ConsoleLike,
  createLogger,
  jsonLineSink,
  type LogRecord,
  readableSink,
} from "./logger.js";

function capture(): ConsoleLike & { lines: [string, unknown][] } {
  const lines: [string, unknown][] = [];
  return {
    lines,
    debug: (line: unknown) => lines.push(["debug", line]),
    info: (line: unknown) => lines.push(["info", line]),
    warn: (line: unknown) => lines.push(["warn", line]),
    error: (line: unknown) => lines.push(["error", line]),
  };
}

describe("createLogger", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("writes nothing by default in production", () => {
    const out = capture();
    const logger = createLogger({ development: false, console: out });
    logger.error("boom", { code: "SERVER_ERROR" });
    logger.warn("careful");
    expect(out.lines).toEqual([]);
    expect(logger.enabled("error")).toBe(false);
  });

  it("writes JSON lines with level, message, function, code and trace ids when production asks for them", () => {
    const out = capture();
    const logger = createLogger({
      development: false,
      level: "warn",
      console: out,
      clock: new FakeClock(Date.UTC(2025, 0, 2, 3, 4, 5)),
    });
    logger.info("not written");
    logger.warn("Retrying", {
      function: "messages:send",
      code: "OVERLOADED",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
      attempt: 2,
    });
    expect(out.lines).toHaveLength(1);
    const [method, line] = out.lines[0] as [string, string];
    expect(method).toBe("warn");
    expect(JSON.parse(line)).toEqual({
      time: "2025-01-02T03:04:05.000Z",
      level: "warn",
      message: "Retrying",
      source: "sdk",
      function: "messages:send",
      code: "OVERLOADED",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
      attempt: 2,
    });
  });

  it("writes readable lines at info and above in development", () => {
    const out = capture();
    const logger = createLogger({ development: true, console: out });
    logger.debug("hidden");
    logger.info("Breaker opened", {
      function: "tasks:move",
      code: "CIRCUIT_OPEN",
      trace_id: "abc",
    });
    expect(out.lines).toEqual([
      ["info", "[convex-lens] INFO tasks:move CIRCUIT_OPEN Breaker opened (trace abc)"],
    ]);
  });

  it("hands records to a custom sink, without letting fields forge the level or message", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({
      level: "debug",
      sink: (r) => records.push(r),
      clock: new FakeClock(0),
    });
    logger.debug("hello", { level: "error", message: "forged", function: "a:b", extra: undefined });
    expect(records).toEqual([
      {
        time: "1970-01-01T00:00:00.000Z",
        level: "debug",
        message: "hello",
        source: "sdk",
        function: "a:b",
      },
    ]);
  });

  it("counts a throwing sink instead of breaking the caller", () => {
    const diagnostics = new Diagnostics();
    const logger = createLogger({
      level: "info",
      diagnostics,
      sink: () => {
        throw new Error("sink down");
      },
    });
    expect(() => logger.error("x")).not.toThrow();
    expect(diagnostics.snapshot().errors.logger).toBe(1);
  });

  it("caps very long messages", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: "info", sink: (r) => records.push(r) });
    logger.info("y".repeat(50_000));
    expect(records[0]?.message.length).toBeLessThanOrEqual(2_001);
  });

  it("rejects an unknown level", () => {
    expect(() => createLogger({ level: "loud" as never })).toThrow(RangeError);
  });

  it("takes development mode from NODE_ENV when it is defined, and stays quiet without it", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(createLogger().enabled("info")).toBe(false);
    vi.stubEnv("NODE_ENV", "development");
    expect(createLogger().enabled("info")).toBe(true);
    vi.stubEnv("NODE_ENV", "test");
    expect(createLogger().enabled("info")).toBe(true);
    vi.stubEnv("NODE_ENV", undefined);
    expect(createLogger().enabled("error")).toBe(false);
  });

  it("formats the sinks for machines and for people", () => {
    const out = capture();
    const record: LogRecord = {
      time: "t",
      level: "error",
      message: "Server Error",
      source: "convex-server",
      function: "a:b",
    };
    jsonLineSink(out)(record);
    readableSink(out)(record);
    expect(out.lines[0]).toEqual(["error", JSON.stringify(record)]);
    expect(out.lines[1]).toEqual(["error", "[convex-lens] ERROR (convex-server) a:b Server Error"]);
  });

  it("names the function and the code once in a readable line", () => {
    const out = capture();
    readableSink(out)({
      time: "t",
      level: "warn",
      message: "query a:b failed with OVERLOADED: busy",
      source: "sdk",
      function: "a:b",
      code: "OVERLOADED",
    });
    expect(out.lines[0]).toEqual([
      "warn",
      "[convex-lens] WARN query a:b failed with OVERLOADED: busy",
    ]);
  });
});
