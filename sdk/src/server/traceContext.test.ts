import { describe, expect, it } from "vitest";
import { formatTraceArg, parseTraceArg } from "./traceContext.js";

describe("the trace argument", () => {
  it("carries a traceparent, the link flag and the callee's path", () => {
    const context = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      link: true,
      path: "dir/notes:list",
    };
    expect(formatTraceArg(context)).toBe(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 link fn=dir/notes:list",
    );
    expect(parseTraceArg(formatTraceArg(context))).toEqual(context);
  });

  it("says whether the caller's trace is sampled, which a callee reads either way", () => {
    const context = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
    const unsampled = formatTraceArg({ ...context, link: false }, false);
    expect(unsampled).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    expect(parseTraceArg(unsampled)).toEqual({ ...context, link: false });
  });

  it("ignores anything that is not a valid traceparent", () => {
    for (const value of [
      undefined,
      42,
      "",
      `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 fn=<script>",
      `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 fn=${"a".repeat(400)}`,
    ]) {
      expect(parseTraceArg(value)).toBeUndefined();
    }
  });
});
