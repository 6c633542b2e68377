import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-web";
import { describe, expect, it } from "vitest";
import { lazyExporter } from "./lazyExporter.js";

// ExportResult of @opentelemetry/core, read off the exporter interface.
type ExportResult = Parameters<Parameters<SpanExporter["export"]>[1]>[0];

const spans = (n: number) => Array.from({ length: n }, () => ({}) as ReadableSpan);

/** An exporter that records the size of every batch it is given and accepts it. */
function recording() {
  const batches: number[] = [];
  let shutdowns = 0;
  const exporter: SpanExporter = {
    export(given, done) {
      batches.push(given.length);
      done({ code: 0 });
    },
    shutdown: async () => {
      shutdowns++;
    },
  };
  return { exporter, batches, shutdowns: () => shutdowns };
}

function run(exporter: SpanExporter, count: number): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans(count), resolve));
}

describe("lazyExporter", () => {
  it("keeps batches that arrive before the exporter has loaded and sends them once it has", async () => {
    const real = recording();
    let finishLoading: (exporter: SpanExporter) => void = () => {};
    const exporter = lazyExporter(
      () => new Promise<SpanExporter>((resolve) => (finishLoading = resolve)),
    );
    const first = run(exporter, 3);
    const second = run(exporter, 2);
    await Promise.resolve();
    expect(real.batches).toEqual([]);

    finishLoading(real.exporter);
    await expect(first).resolves.toEqual({ code: 0 });
    await expect(second).resolves.toEqual({ code: 0 });
    expect(real.batches).toEqual([3, 2]);
  });

  it("fails every batch, without throwing, when the exporter cannot be loaded", async () => {
    const exporter = lazyExporter(() =>
      Promise.reject(new Error("Failed to fetch dynamically imported module")),
    );
    const result = await run(exporter, 4);
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/dynamically imported/);
    await expect(exporter.shutdown()).resolves.toBeUndefined();
    await expect(exporter.forceFlush?.()).resolves.toBeUndefined();
  });

  it("turns a throwing exporter into a failed batch", async () => {
    const exporter = lazyExporter(async () => ({
      export() {
        throw new Error("exporter bug");
      },
      shutdown: async () => {},
    }));
    const result = await run(exporter, 1);
    expect(result).toMatchObject({ code: 1, error: { message: "exporter bug" } });
  });

  it("shuts the loaded exporter down, even when asked before it finished loading", async () => {
    const real = recording();
    const exporter = lazyExporter(async () => real.exporter);
    await exporter.shutdown();
    expect(real.shutdowns()).toBe(1);
  });
});
