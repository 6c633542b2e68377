// `@convex-lens/sdk/server`: code that runs inside Convex functions (Convex's runtime and the
// "use node" runtime alike: no Node APIs). See docs/end-to-end-tracing.md.

export { serverSemconv } from "./semconv.js";
export { formatTraceArg, parseTraceArg, TRACE_ARG, type TraceContext } from "./traceContext.js";
export { type FunctionBuilder, type TracedOptions, traced } from "./traced.js";
export {
  MAX_SPANS_PER_EXECUTION,
  MAX_TRACE_LINE_CHARS,
  parseTraceLine,
  TRACE_LINE_PREFIX,
  TRACE_LINE_VERSION,
  type TraceAttributeValue,
  type TraceLine,
  type TraceLineSpan,
  type TraceSpanKind,
} from "./traceLine.js";
export type { TracedPaths } from "./trackedCalls.js";
