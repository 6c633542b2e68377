import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/errorCode.js";
import { type TracingOptions, validateTracingOptions } from "./tracingOptions.js";

const valid: TracingOptions = { serviceName: "shop-web" };

function rejection(options: unknown): { code: string; message: string } {
  try {
    validateTracingOptions(options as TracingOptions);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("expected a CONFIGURATION error");
}

describe("validateTracingOptions", () => {
  it("accepts a service name alone, and every option used properly", () => {
    expect(() => validateTracingOptions(valid)).not.toThrow();
    expect(() =>
      validateTracingOptions({
        serviceName: "shop-web",
        serviceVersion: "2.0.0",
        resourceAttributes: { "deployment.environment.name": "staging", shard: 3, canary: true },
        otlp: {
          url: "https://collector.example.com:4318/v1/traces",
          headers: { "x-api-key": "k" },
          timeoutMs: 5_000,
          batch: { maxQueueSize: 1_000, maxExportBatchSize: 100, scheduledDelayMs: 1_000 },
        },
        devtools: true,
        register: false,
        spanProcessors: [
          { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} },
        ],
      }),
    ).not.toThrow();
  });

  it.each([
    ["options", null],
    ["serviceName", {}],
    ["serviceName", { serviceName: "  " }],
    ["serviceVersion", { ...valid, serviceVersion: 2 }],
    ["resourceAttributes.tags", { ...valid, resourceAttributes: { tags: ["a"] } }],
    ["otlp", { ...valid, otlp: "http://localhost:4318" }],
    ["otlp.url", { ...valid, otlp: {} }],
    ["otlp.url", { ...valid, otlp: { url: "localhost:4318/v1/traces" } }],
    ["otlp.url", { ...valid, otlp: { url: "ftp://collector/v1/traces" } }],
    [
      "otlp.headers.x-api-key",
      { ...valid, otlp: { url: "http://c/v1/traces", headers: { "x-api-key": 1 } } },
    ],
    ["otlp.timeoutMs", { ...valid, otlp: { url: "http://c/v1/traces", timeoutMs: 0 } }],
    ["otlp.timeoutMs", { ...valid, otlp: { url: "http://c/v1/traces", timeoutMs: 3_600_000 } }],
    [
      "otlp.batch.maxQueueSize",
      { ...valid, otlp: { url: "http://c/v1/traces", batch: { maxQueueSize: 1e9 } } },
    ],
    [
      "otlp.batch.maxExportBatchSize",
      {
        ...valid,
        otlp: { url: "http://c/v1/traces", batch: { maxQueueSize: 10, maxExportBatchSize: 20 } },
      },
    ],
    ["otlp.endpoint", { ...valid, otlp: { url: "http://c/v1/traces", endpoint: "x" } }],
    ["devtools", { ...valid, devtools: "yes" }],
    ["register", { ...valid, register: 1 }],
    ["lens", { ...valid, lens: {} }],
    ["sampler", { ...valid, sampler: () => true }],
    ["spanProcessors", { ...valid, spanProcessors: {} }],
    ["spanProcessors[0]", { ...valid, spanProcessors: [{}] }],
    ["exporter", { ...valid, exporter: {} }],
  ])("rejects a bad %s with a CONFIGURATION error that names it", (option, options) => {
    const error = rejection(options);
    expect(error.code).toBe(ErrorCode.CONFIGURATION);
    expect(error.message).toContain(`setupTracing option: ${option} `);
  });

  it("says what a bad OTLP URL should look like", () => {
    const error = rejection({ ...valid, otlp: { url: "collector:4318" } });
    expect(error.message).toContain('"collector:4318"');
    expect(error.message).toContain("http://localhost:4318/v1/traces");
  });
});
