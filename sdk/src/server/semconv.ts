// The attribute names the server helper records and the collector adds, beside the client's
// (`sdk/src/telemetry/semconv.ts`), so that docs and dashboards name only what the code writes.

/** Attribute names of server-side spans (the helper's line and the collector's spans). */
export const serverSemconv = {
  dbCollection: "db.collection.name",
  dbOperation: "db.operation.name",
  dbIndex: "convex.db.index",
  dbSearch: "convex.db.search",
  dbCount: "convex.db.count",
  propagated: "convex.lens.propagated",
  spansDropped: "convex.lens.spans_dropped",
  schedulerJobId: "convex.scheduler.job_id",
  cached: "convex.cached",
  executionId: "convex.execution_id",
  usagePrefix: "convex.usage.",
} as const;
