import { describe, expect, it } from "vitest";
import { convexLogger, convexLogLine } from "./convexLogger.js";
import { createLogger, type LogRecord } from "./logger.js";

describe("convexLogLine", () => {
  it("turns a server console line into a record of that function at the server's level", () => {
    expect(
      convexLogLine("info", [
        "%c[CONVEX M(messages:send)] [WARN]",
        "color:rgb(0, 145, 255)",
        "'slow write'",
      ]),
    ).toEqual({
      level: "warn",
      message: "'slow write'",
      source: "convex-server",
      fields: { function: "messages:send" },
    });
    expect(convexLogLine("info", ["%c[CONVEX Q(a:b)] [LOG]", "color:x", "hello"]).level).toBe(
      "info",
    );
  });

  it("keeps the request id of a failed function", () => {
    expect(
      convexLogLine("error", ["[CONVEX Q(tasks:list)] [Request ID: 8a1b2c] Server Error"]),
    ).toEqual({
      level: "error",
      message: "[Request ID: 8a1b2c] Server Error",
      source: "convex-server",
      fields: { function: "tasks:list", request_id: "8a1b2c" },
    });
  });

  it("reports the client's own reconnects and warnings as client records", () => {
    expect(
      convexLogLine("info", [
        "WebSocket reconnected at",
        "12:00:01",
        "after disconnect due to",
        "ServerError",
      ]),
    ).toEqual({
      level: "info",
      message: "WebSocket reconnected at 12:00:01 after disconnect due to ServerError",
      source: "convex-client",
      fields: {},
    });
    expect(convexLogLine("error", ["[CONVEX FATAL ERROR] bad protocol"])).toMatchObject({
      level: "error",
      message: "bad protocol",
      source: "convex-client",
    });
    expect(
      convexLogLine("warn", ["Analytics response failed with error:", new TypeError("x")]).message,
    ).toBe("Analytics response failed with error: TypeError: x");
  });
});

describe("convexLogger", () => {
  it("routes every Convex client log call through the lens logger", () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: "debug", sink: (r) => records.push(r) });
    const client = convexLogger(logger);
    client.logVerbose("begin ws.onopen");
    client.log("Attempting reconnect in 1234ms");
    client.log("%c[CONVEX Q(a:b)] [ERROR]", "color:x", "oops");
    client.warn("careful");
    expect(records.map((r) => [r.level, r.source, r.message, r.function])).toEqual([
      ["debug", "convex-client", "begin ws.onopen", undefined],
      ["info", "convex-client", "Attempting reconnect in 1234ms", undefined],
      ["error", "convex-server", "oops", "a:b"],
      ["warn", "convex-client", "careful", undefined],
    ]);
  });
});
