import { describe, expect, it, vi } from "vitest";
import type { CallSite } from "./callSite.js";
import { sendWithTraceArgument, TraceArgumentMemory } from "./traceArgument.js";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const SPAN_ID = "b7ad6b7169203331";
const sink = {
  log() {},
  sendingSpan: () => ({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }),
};

function site(kind: CallSite["kind"], propagate = true): CallSite {
  return { functionPath: "tasks:create", kind, policy: { propagate } } as unknown as CallSite;
}

const rejection = () =>
  new Error(
    "[Request ID: 1] Server Error\nArgumentValidationError: Object contains extra field `__lensTrace` that is not in the validator.",
  );

describe("sendWithTraceArgument", () => {
  it("adds the attempt's traceparent and the function's path to the arguments", async () => {
    const send = vi.fn(async (args: unknown) => args);
    const sent = await sendWithTraceArgument(
      new TraceArgumentMemory(),
      site("mutation"),
      sink,
      { a: 1 },
      send,
    );
    expect(sent).toEqual({ a: 1, __lensTrace: `00-${TRACE_ID}-${SPAN_ID}-01 fn=tasks:create` });
  });

  it("sends the arguments unchanged to a function that does not propagate", async () => {
    const send = vi.fn(async (args: unknown) => args);
    const args = { a: 1 };
    await expect(
      sendWithTraceArgument(new TraceArgumentMemory(), site("query", false), sink, args, send),
    ).resolves.toBe(args);
  });

  it("resends once without the argument when the function rejects it, and remembers", async () => {
    const memory = new TraceArgumentMemory();
    const send = vi.fn(async (args: unknown) => {
      if (typeof args === "object" && args !== null && "__lensTrace" in args) throw rejection();
      return "ok";
    });
    await expect(sendWithTraceArgument(memory, site("action"), sink, { a: 1 }, send)).resolves.toBe(
      "ok",
    );
    expect(send).toHaveBeenCalledTimes(2);
    await sendWithTraceArgument(memory, site("action"), sink, { a: 2 }, send);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send).toHaveBeenLastCalledWith({ a: 2 });
  });

  it("resends a query or mutation whose redacted error could be the rejection, never an action", async () => {
    const redacted = () => Promise.reject(new Error("[Request ID: 7] Server Error"));
    const mutation = vi.fn((args: unknown) =>
      typeof args === "object" && args !== null && "__lensTrace" in args
        ? redacted()
        : Promise.resolve(1),
    );
    await expect(
      sendWithTraceArgument(new TraceArgumentMemory(), site("mutation"), sink, {}, mutation),
    ).resolves.toBe(1);
    const action = vi.fn(redacted);
    await expect(
      sendWithTraceArgument(new TraceArgumentMemory(), site("action"), sink, {}, action),
    ).rejects.toThrow("Server Error");
    expect(action).toHaveBeenCalledTimes(1);
  });

  it("does not resend a function's own failure once it has accepted the argument", async () => {
    const memory = new TraceArgumentMemory();
    await sendWithTraceArgument(memory, site("mutation"), sink, {}, async () => 1);
    const failing = vi.fn(() => Promise.reject(new Error("[Request ID: 8] Server Error")));
    await expect(
      sendWithTraceArgument(memory, site("mutation"), sink, {}, failing),
    ).rejects.toThrow();
    expect(failing).toHaveBeenCalledTimes(1);
  });

  it("sends a call without arguments as an object with only the trace argument", async () => {
    const send = vi.fn(async (args: unknown) => args);
    const sent = await sendWithTraceArgument(
      new TraceArgumentMemory(),
      site("query"),
      sink,
      undefined,
      send,
    );
    expect(Object.keys(sent as object)).toEqual(["__lensTrace"]);
  });

  it("marks the traceparent of an attempt that is not sampled as such", async () => {
    const unsampled = { log() {}, sendingSpan: () => ({ ...sink.sendingSpan(), traceFlags: 0 }) };
    const sent = await sendWithTraceArgument(
      new TraceArgumentMemory(),
      site("query"),
      unsampled,
      {},
      async (args: unknown) => args,
    );
    expect(sent).toEqual({ __lensTrace: `00-${TRACE_ID}-${SPAN_ID}-00 fn=tasks:create` });
  });

  it("keeps at most a thousand untraced paths, forgetting the oldest", () => {
    const memory = new TraceArgumentMemory();
    for (let i = 0; i <= 1_000; i++) memory.rejected(`m:f${i}`);
    expect(memory.rejects("m:f0")).toBe(false);
    expect(memory.rejects("m:f1000")).toBe(true);
  });
});
