import { describe, expect, it } from "vitest";
import { toCallEntry } from "./callEntry";
import { exportNotice, exportSummary } from "./exportSummary";
import { toOtlpDocument } from "./otlpExport";
import { wireCall, wireError } from "./test-support/wireItems";

const start = 1_700_000_000_000;
const retried = toCallEntry(
  wireCall(1, {
    attempts: 2,
    attemptDetails: [
      { attempt: 1, startedAt: start, durationMs: 5, error: { code: "OVERLOADED", message: "x" } },
      { attempt: 2, startedAt: start + 100, durationMs: 5, error: null },
    ],
    startedAt: start,
    durationMs: 105,
  }),
  "s1",
  null,
  1,
);
const plain = toCallEntry(wireCall(2, { error: wireError("BUG") }), "s1", null, 2);

describe("exportSummary", () => {
  it("counts the spans written to the file, not the store's ring of page spans", () => {
    const document = toOtlpDocument([retried, plain], [], []);
    const summary = exportSummary(document);
    const written = document.resourceSpans
      .flatMap((r) => r.scopeSpans)
      .flatMap((s) => s.spans).length;
    expect(summary).toMatchObject({ spans: written, calls: 2, attempts: 2 });
    expect(summary.spans).toBe(4);
  });

  it("says how many calls and spans the file holds", () => {
    const notice = exportNotice(exportSummary(toOtlpDocument([retried, plain], [], [])));
    expect(notice).toBe("Exported 2 calls as 4 spans (2 calls, 2 attempts) in OTLP/JSON.");
  });

  it("does not repeat the count when every span is a call", () => {
    const notice = exportNotice(exportSummary(toOtlpDocument([plain], [], [])));
    expect(notice).toBe("Exported 1 call as 1 span in OTLP/JSON.");
  });
});
