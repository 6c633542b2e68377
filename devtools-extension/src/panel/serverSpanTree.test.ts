import type { WireServerSpan } from "@convex-lens/sdk/devtools-protocol";
import { describe, expect, it } from "vitest";
import { functionExecutionMs, serverSpanRows } from "./serverSpanTree";

const span = (
  spanId: string,
  parentSpanId: string | undefined,
  startedAt: number,
  durationMs = 0,
): WireServerSpan => ({
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name: spanId,
  kind: parentSpanId === undefined ? "server" : "client",
  startedAt,
  durationMs,
});

describe("serverSpanRows", () => {
  it("puts each span after its parent, one level deeper, siblings by start", () => {
    const rows = serverSpanRows([
      span("read2", "exec", 3),
      span("exec", undefined, 1, 10),
      span("read1", "exec", 2),
      span("nested", "read1", 2),
    ]);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ["exec", 0],
      ["read1", 1],
      ["nested", 2],
      ["read2", 1],
    ]);
  });

  it("shows a span whose parent is missing at the top, and survives a cycle", () => {
    const rows = serverSpanRows([span("a", "b", 1), span("b", "a", 2), span("lost", "zzz", 3)]);
    expect(rows.map((r) => r.span.spanId)).toEqual(["lost"]);
  });
});

describe("functionExecutionMs", () => {
  it("counts the top executions only, not the runQuery executions nested in them", () => {
    expect(functionExecutionMs([span("exec", undefined, 0, 12), span("q", "exec", 1, 5)])).toBe(12);
    expect(functionExecutionMs(undefined)).toBeNull();
  });
});
