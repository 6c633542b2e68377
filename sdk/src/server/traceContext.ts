// W3C trace context as it travels between Convex functions: in one consumed argument, so that
// handlers and their validators never see it. The value is a `traceparent`, optionally followed by
// " link" when the callee should link to the caller rather than nest under it (scheduled runs),
// and by " fn=<module:function>", the callee's own path: Convex does not tell a function its name.

/** The argument a traced function consumes. Callers (the SDK, `runQuery` & co.) add it. */
export const TRACE_ARG = "__lensTrace";

/** Longest value accepted: a traceparent is 55 characters; anything much longer is not one. */
const MAX_TRACE_ARG_CHARS = 320;
const TRACEPARENT =
  /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?: (link))?(?: fn=([\w/.:-]{1,256}))?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** The caller's context: trace id, its span id, and whether the callee links instead of nests. */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly link: boolean;
  /** The callee's path, when the caller knows it (the SDK and `ctx.run*` always do). */
  readonly path?: string;
}

/**
 * The context in a trace argument, or `undefined` for anything that is not a valid traceparent
 * (the execution then starts a trace of its own: a bad argument never fails a function).
 */
export function parseTraceArg(value: unknown): TraceContext | undefined {
  if (typeof value !== "string" || value.length > MAX_TRACE_ARG_CHARS) return undefined;
  const match = TRACEPARENT.exec(value);
  if (match === null) return undefined;
  const [, traceId = "", spanId = "", , link, path] = match;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, link: link !== undefined, ...(path === undefined ? {} : { path }) };
}

/**
 * The argument value that carries `context` to a callee: the one writer of the format, for the
 * server's `ctx.run*` and the browser SDK alike. `sampled` is the caller's sampled flag (W3C
 * `trace-flags` 01 or 00); a traced function records either way.
 */
export function formatTraceArg(context: TraceContext, sampled = true): string {
  const link = context.link ? " link" : "";
  const path = context.path === undefined ? "" : ` fn=${context.path}`;
  return `00-${context.traceId}-${context.spanId}-${sampled ? "01" : "00"}${link}${path}`;
}

/**
 * `bytes` random bytes as hex. `crypto.getRandomValues` exists in Convex's runtime and in Node;
 * Math.random is the fallback for runtimes without it (ids need to be unique, not secret).
 */
export function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  if (typeof crypto !== "undefined" && typeof crypto.getRandomValues === "function") {
    crypto.getRandomValues(buffer);
  } else {
    for (let i = 0; i < bytes; i++) buffer[i] = Math.floor(Math.random() * 256);
  }
  let hex = "";
  for (const byte of buffer) hex += byte.toString(16).padStart(2, "0");
  return /^0+$/.test(hex) ? randomHex(bytes) : hex;
}
