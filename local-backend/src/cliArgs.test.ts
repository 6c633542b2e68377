import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cliArgs.js";

describe("parseCliArgs", () => {
  it("uses port 3210 on 127.0.0.1 by default", () => {
    expect(parseCliArgs(["--functions", "convex"])).toEqual({
      kind: "run",
      options: {
        functionsDir: "convex",
        port: 3210,
        host: "127.0.0.1",
        dataFile: undefined,
        quiet: false,
        json: false,
        pingIntervalMs: undefined,
        fetchTimeoutMs: undefined,
        maxStorageBytes: undefined,
        crons: true,
        exitOnStdinClose: false,
        adminToken: undefined,
        allowedOrigins: [],
      },
    });
  });

  it("accepts every documented flag", () => {
    const result = parseCliArgs([
      "-f",
      "app/convex",
      "-p",
      "0",
      "--host",
      "0.0.0.0",
      "--data",
      ".lens-data/demo.json",
      "--quiet",
      "--json",
      "--ping-interval-ms",
      "500",
      "--fetch-timeout-ms",
      "750",
      "--max-storage-mb",
      "2",
      "--no-crons",
      "--exit-on-stdin-close",
      "--admin-token",
      "dev-token-for-the-demo",
      "--allow-origin",
      "https://app.example",
      "--allow-origin",
      "*",
    ]);
    expect(result).toEqual({
      kind: "run",
      options: {
        functionsDir: "app/convex",
        port: 0,
        host: "0.0.0.0",
        dataFile: ".lens-data/demo.json",
        quiet: true,
        json: true,
        pingIntervalMs: 500,
        fetchTimeoutMs: 750,
        maxStorageBytes: 2 * 1024 * 1024,
        crons: false,
        exitOnStdinClose: true,
        adminToken: "dev-token-for-the-demo",
        allowedOrigins: ["https://app.example", "*"],
      },
    });
  });

  it("asks for --functions when it is missing", () => {
    expect(parseCliArgs([])).toEqual({
      kind: "error",
      message: "--functions <dir> is required (the app's convex/ directory)",
    });
  });

  it.each([
    [["--functions", "c", "--port", "http"], '--port must be a whole number, got "http"'],
    [["--functions", "c", "--port", "70000"], "--port must be between 0 and 65535, got 70000"],
    [["--functions", "c", "--verbose"], "Unknown option '--verbose'"],
    [["--functions", "c", "--fetch-timeout-ms", "0"], "--fetch-timeout-ms must be between 1"],
    [["--functions", "c", "extra"], "Unexpected argument 'extra'"],
    [["--functions", "c", "--admin-token", "short"], "--admin-token: the admin token must be"],
    [["--functions", "c", "--allow-origin", "evil.example"], "--allow-origin must be an origin"],
  ])("rejects %j with a clear message", (argv, message) => {
    const result = parseCliArgs(argv);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toContain(message);
  });

  it("recognises --help and --version", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["--version"])).toEqual({ kind: "version" });
  });
});
