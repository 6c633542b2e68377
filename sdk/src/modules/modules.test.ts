import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens } from "../lens.js";
import type { LogRecord } from "../telemetry/logger.js";
import { alerts } from "./alerts.js";
import { everything } from "./everything.js";
import { health } from "./health.js";
import { logger } from "./logger.js";
import { metrics } from "./metrics.js";
import { otelMetrics } from "./otelMetrics.js";

const list = makeFunctionReference<"query">("messages:list");

describe("the opt-in modules", () => {
  it("leave a lens without them free of their APIs and of call listeners", async () => {
    const lens = createLens({ devtools: false });
    for (const api of ["metrics", "health", "onAlert", "logger", "installGlobalHandlers"]) {
      expect(api in lens).toBe(false);
    }
    const { client } = scriptedClient(() => ["a"]);
    lens.instrument(client);
    await expect(client.query(list, {})).resolves.toEqual(["a"]);
    await lens.shutdown();
  });

  it("add their APIs, which see the lens's calls", async () => {
    const lens = createLens({ devtools: false, use: everything() });
    const { client } = scriptedClient(() => ["a"]);
    lens.instrument(client);
    await client.query(list, {});
    expect(lens.metrics().totals.query.session.calls).toBe(1);
    expect(lens.health().checks.length).toBeGreaterThan(0);
    expect(lens.auditLog()).toEqual([]);
    expect(typeof lens.logger.warn).toBe("function");
    await lens.shutdown();
  });

  it("check their options at the call site with a CONFIGURATION error naming the option", () => {
    const configuration = { code: ErrorCode.CONFIGURATION };
    expect(() => metrics({ windowMs: 0 })).toThrow(/metrics\(\)\.windowMs must be an integer/);
    expect(() => metrics({ window: 1 } as never)).toThrow(/metrics\(\)\.window is not an option/);
    expect(() => metrics(5 as never)).toThrow(/metrics\(\) must be given an object, got 5\.$/);
    expect(() => health({ thresholds: { minCalls: -1 } })).toThrow(
      expect.objectContaining(configuration),
    );
    expect(() => logger({ levl: "warn" } as never)).toThrow(/logger\(\)\.levl is not an option/);
    expect(() => logger({ level: "loud" } as never)).toThrow(
      expect.objectContaining({
        ...configuration,
        message: expect.stringMatching(/logger\(\)\.level must be one of "debug"/),
      }),
    );
    expect(() => otelMetrics({ meterProvider: {} as never })).toThrow(/meterProvider must be/);
    expect(() => everything({ thresholds: {} } as never)).toThrow(/everything\(\)\.thresholds/);
  });

  it("refuse the options that moved into them, saying where each went", () => {
    expect(() => createLens({ thresholds: { minCalls: 1 } } as never)).toThrow(
      /thresholds is now a module's option: use: \[metrics\(\), health\(\{ thresholds \}\)\]/,
    );
    expect(() => createLens({ metrics: {} } as never)).toThrow(/use: \[metrics\(/);
    expect(() => createLens({ logger: false } as never)).toThrow(/drop `logger: false`/);
    expect(() => createLens({ meterProvider: null } as never)).toThrow(/otelMetrics\(/);
    // Left undefined, a moved option means the default, as everywhere.
    expect(() => createLens({ devtools: false, logger: undefined } as never)).not.toThrow();
  });

  it("let health refuse to run without metrics", () => {
    expect(() => createLens({ devtools: false, use: [health()] })).toThrow(
      /health\(\) needs metrics\(\)/,
    );
  });

  it("hand failure lines to the logger: with it the lens writes one line, without it the client does", async () => {
    const lines: LogRecord[] = [];
    const withLogger = createLens({
      devtools: false,
      retry: false,
      use: [logger({ level: "warn", sink: (record) => lines.push(record) }), alerts()],
    });
    const logged = scriptedClient(() => {
      throw new Error("boom");
    });
    withLogger.instrument(logged.client);
    await logged.client.query(list, {}).catch(() => {});
    expect(lines.map((line) => line.message)).toEqual([
      expect.stringContaining("messages:list failed with"),
    ]);
    await withLogger.shutdown();
  });
});
