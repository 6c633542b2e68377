import { type MeterProvider as ApiMeterProvider, metrics } from "@opentelemetry/api";
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { Diagnostics } from "./diagnostics.js";
import {
  METRIC_CONVEX_CLIENT_CALLS,
  METRIC_RPC_CLIENT_CALL_DURATION,
  OtelCallMetrics,
} from "./otelMetrics.js";
import { callRecord, failure } from "./test-support/callRecords.js";

/** A reader the test pulls from, the way an exporter would on its schedule. */
class TestReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function collect(reader: TestReader): Promise<Map<string, MetricData>> {
  const { resourceMetrics } = await reader.collect();
  const out = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) out.set(metric.descriptor.name, metric);
  }
  return out;
}

function provider(): { reader: TestReader; meterProvider: MeterProvider } {
  const reader = new TestReader();
  return { reader, meterProvider: new MeterProvider({ readers: [reader] }) };
}

describe("OtelCallMetrics", () => {
  afterEach(() => {
    metrics.disable();
  });

  it("records call durations in seconds and counts calls with method, kind and error type", async () => {
    const { reader, meterProvider } = provider();
    const otel = new OtelCallMetrics({ meterProvider });
    otel.record(callRecord({ functionPath: "messages:list", durationMs: 20 }));
    otel.record(callRecord({ functionPath: "messages:list", durationMs: 40 }));
    otel.record(
      callRecord({
        functionPath: "messages:send",
        kind: "mutation",
        durationMs: 1500,
        error: failure("TIMEOUT"),
      }),
    );
    const collected = await collect(reader);

    const duration = collected.get(METRIC_RPC_CLIENT_CALL_DURATION);
    expect(duration?.descriptor.unit).toBe("s");
    const points = duration?.dataPoints as DataPoint<Histogram>[];
    const list = points.find((p) => p.attributes["rpc.method"] === "messages:list");
    expect(list?.attributes).toEqual({
      "rpc.system.name": "convex",
      "rpc.method": "messages:list",
      "convex.function.kind": "query",
    });
    expect(list?.value.count).toBe(2);
    expect(list?.value.sum).toBeCloseTo(0.06, 10);
    const send = points.find((p) => p.attributes["rpc.method"] === "messages:send");
    expect(send?.attributes).toMatchObject({
      "convex.function.kind": "mutation",
      "error.type": "TIMEOUT",
    });
    expect(send?.value.max).toBeCloseTo(1.5, 10);

    const calls = (collected.get(METRIC_CONVEX_CLIENT_CALLS)?.dataPoints ??
      []) as DataPoint<number>[];
    const total = calls.reduce((sum, p) => sum + p.value, 0);
    expect(total).toBe(3);
  });

  it("finds a global MeterProvider registered after it was created", async () => {
    const clock = new FakeClock(0);
    const otel = new OtelCallMetrics({ clock });
    otel.record(callRecord());
    expect(otel.active).toBe(false);

    const { reader, meterProvider } = provider();
    metrics.setGlobalMeterProvider(meterProvider);
    clock.advance(5_000);
    const later = callRecord();
    otel.record({ ...later, startedAt: later.startedAt + 5_000 });
    expect(otel.active).toBe(true);
    const points = (await collect(reader)).get(METRIC_CONVEX_CLIENT_CALLS)
      ?.dataPoints as DataPoint<number>[];
    expect(points[0]?.value).toBe(1);
  });

  it("records nothing when turned off with null, even with a global provider", async () => {
    const { reader, meterProvider } = provider();
    metrics.setGlobalMeterProvider(meterProvider);
    const otel = new OtelCallMetrics({ meterProvider: null });
    otel.record(callRecord());
    expect(otel.active).toBe(false);
    expect((await collect(reader)).size).toBe(0);
  });

  it("counts a throwing meter in diagnostics instead of failing the call", () => {
    const diagnostics = new Diagnostics();
    const broken = {
      getMeter: () => {
        throw new Error("meter down");
      },
    } as unknown as ApiMeterProvider;
    const otel = new OtelCallMetrics({ meterProvider: broken, diagnostics });
    expect(() => otel.record(callRecord())).not.toThrow();
    expect(diagnostics.snapshot().errors.meter).toBe(1);
  });
});
