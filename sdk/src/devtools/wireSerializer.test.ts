import { describe, expect, it } from "vitest";
import { PROTOCOL_LIMITS, validateMessage } from "./protocol.js";
import { callRecord } from "./test-support/fakeDevtoolsHost.js";
import { pageMessage } from "./test-support/wireFixtures.js";
import { toWireAttributes, toWireCall, toWireMetrics } from "./wireSerializer.js";

describe("the wire serializer", () => {
  it("produces call items the validator accepts as they are", () => {
    const item = toWireCall(
      callRecord({
        events: Array.from({ length: 300 }, (_, i) => ({
          name: "convex.log",
          at: i,
          attributes: { text: `line ${i}` },
        })),
        resultPreview: "r".repeat(PROTOCOL_LIMITS.maxTextLength + 10),
      }),
      7,
    );
    const result = validateMessage(pageMessage([item]));
    expect(result.ok && result.droppedItems).toBe(0);
    expect(item.events).toHaveLength(PROTOCOL_LIMITS.maxEvents);
    expect(item.resultPreview).toHaveLength(PROTOCOL_LIMITS.maxTextLength);
  });

  it("keeps a __proto__ attribute key as a plain key, never as a prototype", () => {
    const attributes = JSON.parse('{"__proto__":["x"],"fn":"ok"}');
    const wire = toWireAttributes({ ...attributes, skip: () => 1, nested: { a: 1 } });
    expect(Object.getPrototypeOf(wire)).toBeNull();
    expect(Object.keys(wire).sort()).toEqual(["__proto__", "fn"]);
  });

  it("never reports more errors than calls, or an error rate outside [0, 1]", () => {
    const { functions } = toWireMetrics(
      [
        { functionPath: "a:b", kind: "query", count: 2, errors: 5, p50: Number.NaN },
        { functionPath: "a:c", kind: "mutation", count: 0, errors: 0 },
      ],
      1,
    );
    expect(functions.map((f) => [f.errors, f.errorRate, f.p50])).toEqual([
      [2, 1, null],
      [0, 0, null],
    ]);
  });
});
