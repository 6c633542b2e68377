import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-web";
import { describe, expect, it } from "vitest";
import { countedExporter } from "./countedExporter.js";

// ExportResult of @opentelemetry/core, read off the exporter interface.
type ExportResult = Parameters<Parameters<SpanExporter["export"]>[1]>[0];

const spans = (n: number) => Array.from({ length: n }, () => ({}) as ReadableSpan);

/** An exporter that answers each export with the next scripted result. */
function scripted(results: (ExportResult | "throw")[]): SpanExporter {
  let i = 0;
  return {
    export(_spans, done) {
      const next = results[i++] ?? { code: 0 };
      if (next === "throw") throw new Error("exporter bug");
      done(next);
    },
    shutdown: async () => {},
  };
}

/** What `countedExporter` loads: here an exporter already at hand. */
const loaded = (exporter: SpanExporter) => () => Promise.resolve(exporter);

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

describe("countedExporter", () => {
  it("counts exported and dropped spans per batch", async () => {
    const exporter = countedExporter(
      loaded(scripted([{ code: 0 }, { code: 1, error: new Error("HTTP 500") }, { code: 0 }])),
    );
    await run(exporter, 3);
    await run(exporter, 2);
    await run(exporter, 4);
    expect(exporter.diagnostics()).toMatchObject({
      batches: 3,
      exportedSpans: 7,
      failedBatches: 1,
      droppedSpans: 2,
      failing: false,
      last: { message: "Error: HTTP 500" },
    });
  });

  it("tells the listener when exports start failing and when they recover, not per batch", async () => {
    const edges: boolean[] = [];
    const failure = { code: 1, error: new Error("refused") };
    const exporter = countedExporter(
      loaded(scripted([failure, failure, failure, { code: 0 }, { code: 0 }, failure])),
      (failing) => edges.push(failing),
    );
    for (let i = 0; i < 6; i++) await run(exporter, 1);
    expect(edges).toEqual([true, false, true]);
  });

  it("turns a throwing exporter into a failed result instead of an exception", async () => {
    const exporter = countedExporter(loaded(scripted(["throw"])));
    const result = await run(exporter, 1);
    expect(result.code).toBe(1);
    expect(exporter.diagnostics()).toMatchObject({ failedBatches: 1, failing: true });
  });

  it("survives a throwing listener and still reports the result", async () => {
    const exporter = countedExporter(loaded(scripted([{ code: 1 }])), () => {
      throw new Error("listener bug");
    });
    expect((await run(exporter, 1)).code).toBe(1);
    expect(exporter.diagnostics().failedBatches).toBe(1);
  });

  it("counts a batch once even if the exporter calls back twice", async () => {
    const twice: SpanExporter = {
      export(_spans, done) {
        done({ code: 1 });
        done({ code: 0 });
      },
      shutdown: async () => {},
    };
    const exporter = countedExporter(loaded(twice));
    await run(exporter, 2);
    expect(exporter.diagnostics()).toMatchObject({ failedBatches: 1, exportedSpans: 0 });
  });

  it("keeps batches that arrive before the exporter has loaded and sends them once it has", async () => {
    const real = recording();
    let finishLoading: (exporter: SpanExporter) => void = () => {};
    const exporter = countedExporter(
      () => new Promise<SpanExporter>((resolve) => (finishLoading = resolve)),
    );
    const first = run(exporter, 3);
    const second = run(exporter, 2);
    await Promise.resolve();
    expect(real.batches).toEqual([]);
    expect(exporter.diagnostics()).toMatchObject({ batches: 2, exportedSpans: 0 });

    finishLoading(real.exporter);
    await expect(first).resolves.toEqual({ code: 0 });
    await expect(second).resolves.toEqual({ code: 0 });
    expect(real.batches).toEqual([3, 2]);
    expect(exporter.diagnostics()).toMatchObject({ batches: 2, exportedSpans: 5 });
  });

  it("fails and counts every batch, without throwing, when the exporter cannot be loaded", async () => {
    const exporter = countedExporter(() =>
      Promise.reject(new Error("Failed to fetch dynamically imported module")),
    );
    const result = await run(exporter, 4);
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/dynamically imported/);
    expect(exporter.diagnostics()).toMatchObject({ failedBatches: 1, droppedSpans: 4 });
    await expect(exporter.shutdown()).resolves.toBeUndefined();
    await expect(exporter.forceFlush?.()).resolves.toBeUndefined();
  });

  it("shuts the loaded exporter down, even when asked before it finished loading", async () => {
    const real = recording();
    const exporter = countedExporter(async () => real.exporter);
    await exporter.shutdown();
    expect(real.shutdowns()).toBe(1);
  });
});
