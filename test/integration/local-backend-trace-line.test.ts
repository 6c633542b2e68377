import { describe, expect, it } from "vitest";
import * as backend from "../../local-backend/src/executionLog.js";
import * as sdk from "../../sdk/src/server/traceLine.js";

// The local backend depends on no other package of ours (DESIGN.md), so it repeats the two facts
// of the trace line it reads; this keeps them equal to the format's home, sdk/src/server/traceLine.ts.
describe("the local backend's reading of trace lines", () => {
  it("uses the SDK's prefix and size cap", () => {
    expect(backend.TRACE_LINE_PREFIX).toBe(sdk.TRACE_LINE_PREFIX);
    expect(backend.MAX_TRACE_LINE_CHARS).toBe(sdk.MAX_TRACE_LINE_CHARS);
  });
});
