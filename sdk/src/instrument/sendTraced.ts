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

/**
 * Sends through the client's own `method` for `reference`: the args as sent (traced or not),
 * then the caller's trailing arguments (a mutation's options) as they came, copied only when
 * there are any, since every one-shot call passes here. `rest` is what followed `reference`.
 */
export function sendThrough(
  method: (...args: unknown[]) => Promise<unknown>,
  client: object,
  reference: unknown,
  rest: readonly unknown[],
): (args: unknown) => Promise<unknown> {
  return rest.length <= 1
    ? (sent) => method.call(client, reference, sent)
    : (sent) => method.call(client, reference, sent, ...rest.slice(1));
}
