import { getFunctionName } from "convex/server";
import { BoundedSet } from "../core/boundedSet.js";
import type { ExecutionRecorder, OpenSpan } from "./executionRecorder.js";
import { serverSemconv } from "./semconv.js";
import { formatTraceArg, TRACE_ARG } from "./traceContext.js";

/** Which called or scheduled functions are themselves traced, so they accept the trace argument. */
export type TracedPaths = (path: string) => boolean;

/**
 * Paths that rejected the trace argument (not traced): later calls skip it. Per isolate, capped:
 * a deployment has a bounded number of functions, and past the cap the oldest is learnt again.
 */
const untraced = new BoundedSet<string>(1_000);

type Call = (reference: unknown, args?: Record<string, unknown>) => Promise<unknown>;

/**
 * `ctx.runQuery` / `runMutation` / `runAction` as a span each, passing the context on. When the
 * callee is not traced (its validator rejects the extra argument before it runs), the call is
 * retried once without it, so tracing never fails a call that would have worked.
 */
export function trackedCall(
  name: "runQuery" | "runMutation" | "runAction",
  call: Call,
  recorder: ExecutionRecorder,
  tracedPaths: TracedPaths | undefined,
): Call {
  return async (reference, args = {}) => {
    const path = functionPath(reference);
    const span = recorder.child(`${name} ${path}`, "client", { "rpc.method": path });
    const propagate = tracedPaths ? tracedPaths(path) : !untraced.has(path);
    try {
      const result = propagate
        ? await call(reference, withContext(args, span, path)).catch((error: unknown) => {
            if (tracedPaths !== undefined || !rejectsTraceArg(error)) throw error;
            untraced.add(path);
            span.setAttribute(serverSemconv.propagated, false);
            return call(reference, args);
          })
        : await call(reference, args);
      span.end();
      return result;
    } catch (error) {
      span.end(error);
      throw error;
    }
  };
}

type Schedule = (
  when: number,
  reference: unknown,
  args?: Record<string, unknown>,
) => Promise<unknown>;

/**
 * `ctx.scheduler.runAfter` / `runAt` as a span, whose job id the collector matches with the
 * scheduled run's `scheduler_info.job_id`. The scheduled function receives the context as a link
 * only when `tracedPaths` says it is traced: a scheduled run validates its arguments later, when no
 * retry is possible, so the helper never guesses.
 */
export function trackedSchedule(
  name: "runAfter" | "runAt",
  schedule: Schedule,
  recorder: ExecutionRecorder,
  tracedPaths: TracedPaths | undefined,
): Schedule {
  return async (when, reference, args = {}) => {
    const path = functionPath(reference);
    const span = recorder.child(`scheduler.${name} ${path}`, "producer", { "rpc.method": path });
    const link = tracedPaths?.(path) === true;
    span.setAttribute(serverSemconv.propagated, link);
    try {
      const jobId = await schedule(
        when,
        reference,
        link
          ? { ...args, [TRACE_ARG]: formatTraceArg({ ...span.context, link: true, path }) }
          : args,
      );
      if (typeof jobId === "string") span.setAttribute(serverSemconv.schedulerJobId, jobId);
      span.end();
      return jobId;
    } catch (error) {
      span.end(error);
      throw error;
    }
  };
}

function withContext(
  args: Record<string, unknown>,
  span: OpenSpan,
  path: string,
): Record<string, unknown> {
  return { ...args, [TRACE_ARG]: formatTraceArg({ ...span.context, path }) };
}

/** A validator's complaint names the field it did not expect: ours. */
function rejectsTraceArg(error: unknown): boolean {
  return error instanceof Error && error.message.includes(TRACE_ARG);
}

function functionPath(reference: unknown): string {
  if (typeof reference === "string") return reference;
  try {
    return getFunctionName(reference as Parameters<typeof getFunctionName>[0]);
  } catch {
    return "unknown";
  }
}
