import { isSpanContextValid } from "@opentelemetry/api";
import { BoundedSet } from "../core/boundedSet.js";
import { formatTraceArg, TRACE_ARG } from "../server/traceContext.js";
import type { CallSite } from "./callSite.js";
import type { ServerLogSink } from "./serverLogRouter.js";

// Paths whose function rejected the trace argument (not wrapped with `traced`), and paths that took
// it. Function paths are finite in a real app; the cap only guards against generated names (then
// the oldest is learnt again: one more resend, or one more redacted error not taken for a rejection).
const MAX_UNTRACED = 1_000;
// A production deployment redacts a developer error's message to `[Request ID: …] Server Error`
// (shared/notes/convex-protocol.md), so the rejection cannot name the argument there.
const REDACTED = /(^|\] )Server Error\s*$/;

/** What one lens learnt about its propagating functions: which ones are not traced. */
export class TraceArgumentMemory {
  private readonly untraced = new BoundedSet<string>(MAX_UNTRACED);
  /** Paths that accepted the argument at least once: a later failure there is the function's own. */
  private readonly accepted = new BoundedSet<string>(MAX_UNTRACED);

  /** Whether `path` is known to reject the argument. */
  rejects(path: string): boolean {
    return this.untraced.has(path);
  }

  /** `path` rejected the argument: later calls go without it. */
  rejected(path: string): void {
    this.untraced.add(path);
  }

  /** `path` ran with the argument: it is traced. */
  acceptedBy(path: string): void {
    this.accepted.add(path);
  }

  /** Whether `path` has run with the argument before. */
  isAccepted(path: string): boolean {
    return this.accepted.has(path);
  }
}

/**
 * Sends one attempt of a call to a function marked `propagate: true` with the attempt's trace
 * context in `__lensTrace` (the W3C traceparent of the attempt's CLIENT span, and ` fn=<path>`, which
 * `traced()` reads). A function that is not wrapped rejects the unknown argument before it runs;
 * then the attempt is sent again at once without it and the path is remembered (bounded), so the
 * trace context never fails a call that would have worked. A rejection is recognised by its
 * message naming the argument, or, where a production deployment redacts messages, by a redacted
 * developer error of a query or mutation never seen to accept it (both roll back when they throw,
 * so running one again cannot do anything twice; an action could, so it is never resent on a
 * redacted error). Other calls go through `send` unchanged.
 */
export function sendWithTraceArgument<T>(
  memory: TraceArgumentMemory,
  site: CallSite,
  sink: ServerLogSink,
  args: unknown,
  send: (args: unknown) => Promise<T>,
): Promise<T> {
  const path = site.functionPath;
  if (!site.policy.propagate || memory.rejects(path)) return send(args);
  // A call without arguments sends `{}` (convex/src/browser: `parseArgs`).
  const own = args === undefined ? {} : args;
  if (!isPlainArgs(own)) return send(args);
  const value = traceArgumentValue(sink, path);
  if (value === undefined) return send(args);
  return send({ ...own, [TRACE_ARG]: value }).then(
    (result) => {
      memory.acceptedBy(path);
      return result;
    },
    (error: unknown) => {
      if (!rejectsTraceArgument(error, site, memory.isAccepted(path))) throw error;
      memory.rejected(path);
      return send(args);
    },
  );
}

/** The argument's value for the attempt `sink` is sending to `path`; undefined without a span. */
function traceArgumentValue(sink: ServerLogSink, path: string): string | undefined {
  const span = sink.sendingSpan?.();
  if (span === undefined || !isSpanContextValid(span)) return undefined;
  const { traceId, spanId, traceFlags } = span;
  // Bit 0 of the W3C trace flags is "sampled" (OpenTelemetry's TraceFlags.SAMPLED).
  return formatTraceArg({ traceId, spanId, link: false, path }, (traceFlags & 1) === 1);
}

function rejectsTraceArgument(error: unknown, site: CallSite, accepted: boolean): boolean {
  if (!(error instanceof Error)) return false;
  if (error.message.includes(TRACE_ARG)) return true;
  if (accepted || site.kind === "action" || "data" in error) return false;
  return REDACTED.test(error.message);
}

function isPlainArgs(args: unknown): args is Record<string, unknown> {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return false;
  const prototype = Object.getPrototypeOf(args);
  return prototype === Object.prototype || prototype === null;
}
