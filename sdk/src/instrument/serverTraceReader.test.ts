import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { formatTraceLine, type TraceLine } from "../server/traceLine.js";
import { Diagnostics } from "../telemetry/diagnostics.js";
import { ATTR_CONVEX_LENS_CLOCK_SHIFT_MS } from "../telemetry/semconv.js";
import { createServerTraceReader } from "./serverTraceReader.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const ATTEMPT = "b7ad6b7169203331";

function setup() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("test");
  const diagnostics = new Diagnostics();
  const reader = createServerTraceReader(
    (name, kind, startTime, parent) => tracer.startSpan(name, { kind, startTime }, parent),
    diagnostics,
  );
  const attempt = tracer.startSpan("mutation tasks:create");
  const context = trace.setSpan(ROOT_CONTEXT, attempt);
  return { exporter, diagnostics, reader, context, attempt };
}

function line(start: number): TraceLine {
  return {
    v: 1,
    t: TRACE,
    s: [
      {
        i: "1111111111111111",
        p: ATTEMPT,
        n: "mutation tasks:create",
        k: "server",
        t: start,
        d: 10,
      },
      {
        i: "2222222222222222",
        p: "1111111111111111",
        n: "db.insert tasks",
        k: "client",
        t: start + 2,
        d: 0,
        a: { "db.collection.name": "tasks" },
      },
    ],
    o: 0,
  };
}

describe("createServerTraceReader", () => {
  it("leaves ordinary log lines alone and drops and counts an invalid trace line", () => {
    const { reader, diagnostics } = setup();
    expect(reader.parse("'hello'")).toBeUndefined();
    expect(reader.parse('\'[convex-lens] {"v":1,"t":"<img src=x onerror=alert(1)>"}\'')).toBeNull();
    expect(diagnostics.snapshot().errors["server-trace"]).toBe(1);
  });

  it("reports the execution under the attempt and its children under the execution", () => {
    const { reader, context, exporter } = setup();
    const parsed = reader.parse(`'${formatTraceLine(line(1_000))}'`);
    const records = reader.report([parsed!], { context, from: 995, to: 1_020 }, 256);
    expect(records.map((r) => [r.name, r.parentSpanId])).toEqual([
      ["mutation tasks:create", undefined],
      ["db.insert tasks", "1111111111111111"],
    ]);
    const [execution, insert] = exporter.getFinishedSpans();
    expect(execution?.name).toBe("mutation tasks:create");
    expect(insert?.parentSpanContext?.spanId).toBe(execution?.spanContext().spanId);
    expect(records[0]?.startedAt).toBe(1_000);
  });

  it("moves a server clock that runs ahead into the middle of the attempt, keeping the gaps", () => {
    const { reader, context } = setup();
    const records = reader.report([line(60_000)], { context, from: 1_000, to: 1_030 }, 256);
    expect(records[0]?.startedAt).toBe(1_010);
    expect(records[0]?.durationMs).toBe(10);
    expect(records[1]?.startedAt).toBe(1_012);
    expect(records[0]?.attributes?.[ATTR_CONVEX_LENS_CLOCK_SHIFT_MS]).toBe(1_010 - 60_000);
  });

  it("clamps an execution longer than the attempt to the attempt's bounds", () => {
    const { reader, context } = setup();
    const records = reader.report([line(0)], { context, from: 500, to: 505 }, 256);
    expect(records[0]?.startedAt).toBe(500);
    expect(records[0]?.durationMs).toBe(5);
  });

  it("nests a runQuery's own execution under the action span that made it", () => {
    const { reader, context } = setup();
    const child: TraceLine = {
      v: 1,
      t: TRACE,
      s: [
        {
          i: "3333333333333333",
          p: "2222222222222222",
          n: "query tasks:list",
          k: "server",
          t: 1_003,
          d: 1,
        },
      ],
      o: 0,
    };
    const records = reader.report([child, line(1_000)], { context, from: 990, to: 1_020 }, 256);
    expect(records.map((r) => r.name)).toEqual([
      "mutation tasks:create",
      "db.insert tasks",
      "query tasks:list",
    ]);
    expect(records[2]?.parentSpanId).toBe("2222222222222222");
  });

  it("reports no more spans than there is room for, and counts the rest", () => {
    const { reader, context, diagnostics } = setup();
    const records = reader.report([line(1_000)], { context, from: 990, to: 1_020 }, 1);
    expect(records).toHaveLength(1);
    expect(diagnostics.snapshot().errors["server-trace"]).toBe(1);
  });
});
