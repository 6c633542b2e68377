import { createHash } from "node:crypto";
import {
  type Attributes,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
} from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Execution } from "./execution.js";
import type { TraceLineSpan, TraceSpanKind } from "./traceLine.js";

/** The scope every collector span is reported under. */
export const INSTRUMENTATION_SCOPE = { name: "@convex-lens/collector", version: "0.1.0" };

const KINDS: Record<TraceSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  internal: SpanKind.INTERNAL,
};

/**
 * The spans of one execution: a SERVER span from the log event (its times and usage are the
 * deployment's own), and the helper's child spans when the function is traced. Ids come from the
 * helper's line (the browser's trace id, so backends join both sides) or, without one, from hashes
 * of the request and execution ids, so that parents found through `parentExecutionId` match.
 */
export function executionSpans(execution: Execution, resource: Resource): ReadableSpan[] {
  const { line } = execution;
  const own = line?.s[0];
  const traceId = line?.t ?? hashId(execution.requestId, 32);
  const spanId = own?.i ?? hashId(executionSeed(execution), 16);
  const parentId =
    own?.p ??
    (execution.parentExecutionId === undefined
      ? undefined
      : hashId(execution.parentExecutionId, 16));
  const links: Link[] =
    line?.l === undefined
      ? []
      : [
          {
            context: remoteContext(line.l.t, line.l.i),
            attributes: { "convex.link": "scheduled" },
          },
        ];
  const attributes: Attributes = {
    "rpc.system.name": "convex",
    "rpc.method": execution.path,
    "convex.function.kind": execution.kind,
    "convex.request_id": execution.requestId,
    "convex.cached": execution.cached,
    ...(execution.executionId === undefined
      ? {}
      : { "convex.execution_id": execution.executionId }),
    ...(execution.jobId === undefined ? {} : { "convex.scheduler.job_id": execution.jobId }),
    ...(line === undefined ? {} : { "convex.lens.spans_dropped": line.o }),
    ...(execution.success ? {} : { "error.type": own?.e ?? "Error" }),
    ...execution.usage,
  };
  const root = span(resource, {
    name: `${execution.kind} ${execution.path}`,
    kind: SpanKind.SERVER,
    traceId,
    spanId,
    parentId,
    startMs: execution.startMs,
    durationMs: execution.durationMs,
    attributes,
    links,
    error: !execution.success,
  });
  const children = (line?.s.slice(1) ?? []).map((child: TraceLineSpan) =>
    span(resource, {
      name: child.n,
      kind: KINDS[child.k],
      traceId,
      spanId: child.i,
      parentId: child.p ?? spanId,
      startMs: child.t,
      durationMs: child.d,
      attributes: { ...child.a, ...(child.e === undefined ? {} : { "error.type": child.e }) },
      links: [],
      error: child.e !== undefined,
    }),
  );
  return [root, ...children];
}

interface SpanFields {
  readonly name: string;
  readonly kind: SpanKind;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | undefined;
  readonly startMs: number;
  readonly durationMs: number;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly error: boolean;
}

function span(resource: Resource, fields: SpanFields): ReadableSpan {
  const context: SpanContext = {
    traceId: fields.traceId,
    spanId: fields.spanId,
    traceFlags: TraceFlags.SAMPLED,
  };
  return {
    name: fields.name,
    kind: fields.kind,
    spanContext: () => context,
    ...(fields.parentId === undefined
      ? {}
      : { parentSpanContext: remoteContext(fields.traceId, fields.parentId) }),
    startTime: hrTime(fields.startMs),
    endTime: hrTime(fields.startMs + fields.durationMs),
    duration: hrTime(fields.durationMs),
    status: { code: fields.error ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
    attributes: fields.attributes,
    links: fields.links,
    events: [],
    ended: true,
    resource,
    instrumentationScope: INSTRUMENTATION_SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function remoteContext(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

function executionSeed(execution: Execution): string {
  return execution.executionId ?? `${execution.requestId}|${execution.path}|${execution.startMs}`;
}

/** A stable id of `hexDigits` hex digits for `seed`: the same execution id always maps the same. */
function hashId(seed: string, hexDigits: 16 | 32): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, hexDigits);
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
