import type { CallSite } from "./callSite.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { ServerLogSink } from "./serverLogRouter.js";

/**
 * Sends one attempt: with the trace argument when the function is marked `propagate: true` and
 * the end-to-end tracing chunk has loaded (serverTraceReader.ts, traceArgument.ts), as is
 * otherwise. Kept this small because every one-shot call passes here.
 */
export function sendTraced<T>(
  rt: LensRuntime,
  site: CallSite,
  sink: ServerLogSink,
  args: unknown,
  send: (args: unknown) => Promise<T>,
): Promise<T> {
  const traces = rt.serverTraces.reader;
  return site.policy.propagate && traces ? traces.send(site, sink, args, send) : send(args);
}
