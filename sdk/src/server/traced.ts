import type { FunctionVisibility, GenericDataModel, QueryBuilder } from "convex/server";
import { v } from "convex/values";
import { customQuery } from "convex-helpers/server/customFunctions";
import { ExecutionRecorder } from "./executionRecorder.js";
import { parseTraceArg, TRACE_ARG, type TraceContext } from "./traceContext.js";
import { type TracedPaths, trackedCall, trackedSchedule } from "./trackedCalls.js";
import { trackedDb } from "./trackedDb.js";
import { trackFetch } from "./trackedFetch.js";

/**
 * A builder from `_generated/server`: `query`, `internalMutation`, `action`… Typed as any function:
 * a builder of an app's own data model is not assignable to one of `GenericDataModel` (its
 * handler's ctx is contravariant), and `traced` hands the builder back with its own type anyway.
 */
export type FunctionBuilder = (definition: never) => unknown;

/** Options of `traced`. */
export interface TracedOptions {
  /**
   * Which functions this app traced too. Scheduled functions in this list receive the context
   * (their span links back to the scheduling one); others are linked through the job id only.
   * For `ctx.run*`, the list replaces the default: try with the context, retry once without it if
   * the callee's validator rejects it.
   */
  readonly tracedPaths?: TracedPaths;
  /** Where the line goes; `console.log` unless a test says otherwise. */
  readonly print?: (line: string) => void;
}

type Handler = (ctx: Record<string | symbol, unknown>, args?: Record<string, unknown>) => unknown;
type Definition = { args?: unknown; handler: Handler; [key: string]: unknown };
type Kind = "query" | "mutation" | "action";

const INCOMING = Symbol("convex-lens.incoming");

/**
 * `builder`, traced: `export const query = traced(rawQuery)`. Same signature and types; each
 * function made with it consumes the optional `__lensTrace` argument (its handler and validator
 * never see it), records its execution, database calls, `ctx.run*`, scheduling and `fetch`, and
 * prints them as one `[convex-lens] {…}` line. Built on convex-helpers' `customQuery`, which is the
 * same builder for queries, mutations and actions. A failure of the helper never changes a result.
 */
export function traced<Builder extends FunctionBuilder>(
  builder: Builder,
  options: TracedOptions = {},
): Builder {
  const custom = customQuery(
    builder as unknown as QueryBuilder<GenericDataModel, FunctionVisibility>,
    {
      args: { [TRACE_ARG]: v.optional(v.string()) },
      input: (_ctx, args) => ({
        ctx: { [INCOMING]: parseTraceArg(args[TRACE_ARG]) } as Record<string, unknown>,
        args: {},
      }),
    },
  ) as unknown as (definition: Definition) => Record<string, unknown>;
  // Functions that declare no validator take any arguments: they cannot declare ours, so they
  // receive it among their args, and the wrapper takes it out before the handler sees them.
  const unvalidated = builder as unknown as (definition: Definition) => Record<string, unknown>;

  const tracedBuilder = (definition: Definition | Handler) => {
    const fields: Definition =
      typeof definition === "function" ? { handler: definition } : definition;
    let kind: Kind = "query";
    const handler: Handler = (ctx, args = {}) => {
      const incoming =
        fields.args === undefined
          ? parseTraceArg(args[TRACE_ARG])
          : (ctx[INCOMING] as TraceContext | undefined);
      const ownArgs = fields.args === undefined ? withoutTraceArg(args) : args;
      return run(kind, fields.handler, ctx, ownArgs, incoming, options);
    };
    const registered =
      fields.args === undefined
        ? unvalidated({ ...fields, handler })
        : custom({ ...fields, handler });
    kind = registered.isMutation === true ? "mutation" : registered.isAction ? "action" : "query";
    return registered;
  };
  return tracedBuilder as unknown as Builder;
}

async function run(
  kind: Kind,
  handler: Handler,
  rawCtx: Record<string | symbol, unknown>,
  args: Record<string, unknown>,
  incoming: TraceContext | undefined,
  options: TracedOptions,
): Promise<unknown> {
  const { [INCOMING]: _consumed, ...baseCtx } = rawCtx;
  let recorder: ExecutionRecorder | undefined;
  let stopFetch = () => {};
  let ctx: Record<string, unknown> = baseCtx;
  try {
    recorder = new ExecutionRecorder(kind, incoming?.path, incoming);
    ctx = tracedCtx(baseCtx, recorder, options.tracedPaths);
    if (kind === "action") stopFetch = trackFetch(recorder);
  } catch {
    recorder = undefined;
    ctx = baseCtx;
  }
  let failure: unknown;
  try {
    return await handler(ctx, args);
  } catch (error) {
    failure = error ?? new Error("undefined thrown");
    throw error;
  } finally {
    try {
      stopFetch();
      if (recorder !== undefined) (options.print ?? console.log)(recorder.finish(failure));
    } catch {
      // Telemetry never breaks the function: a line that cannot be printed is lost, quietly.
    }
  }
}

function tracedCtx(
  ctx: Record<string, unknown>,
  recorder: ExecutionRecorder,
  tracedPaths: TracedPaths | undefined,
): Record<string, unknown> {
  const traced: Record<string, unknown> = { ...ctx };
  if (typeof ctx.db === "object" && ctx.db !== null) traced.db = trackedDb(ctx.db, recorder);
  for (const name of ["runQuery", "runMutation", "runAction"] as const) {
    const call = ctx[name];
    if (typeof call === "function") {
      traced[name] = trackedCall(name, call.bind(ctx), recorder, tracedPaths);
    }
  }
  const scheduler = ctx.scheduler as Record<string, unknown> | undefined;
  if (typeof scheduler === "object" && scheduler !== null) {
    const runAfter = scheduler.runAfter;
    const runAt = scheduler.runAt;
    traced.scheduler = {
      ...scheduler,
      ...(typeof runAfter === "function"
        ? { runAfter: trackedSchedule("runAfter", runAfter.bind(scheduler), recorder, tracedPaths) }
        : {}),
      ...(typeof runAt === "function"
        ? { runAt: trackedSchedule("runAt", runAt.bind(scheduler), recorder, tracedPaths) }
        : {}),
      ...(typeof scheduler.cancel === "function"
        ? { cancel: (scheduler.cancel as (...a: unknown[]) => unknown).bind(scheduler) }
        : {}),
    };
  }
  return traced;
}

function withoutTraceArg(args: Record<string, unknown>): Record<string, unknown> {
  if (!(TRACE_ARG in args)) return args;
  const { [TRACE_ARG]: _trace, ...rest } = args;
  return rest;
}
