/**
 * One span a traced Convex function reported about its own execution (`traced()` from
 * `@convex-lens/sdk/server`), as the call's record carries it to the DevTools panel. Times are
 * already placed inside the attempt that received them (clock skew removed), so the panel can
 * draw them on the call's own time axis.
 */
export interface ServerSpanRecord {
  /** The server's span id (16 hex digits). */
  readonly spanId: string;
  /** The server's parent span id; absent on an execution span, which sits under the attempt. */
  readonly parentSpanId?: string;
  /** e.g. `mutation messages:send`, `db.query messages`, `runQuery users:get`. */
  readonly name: string;
  readonly kind: "server" | "client" | "producer" | "internal";
  /** Epoch milliseconds, on the browser's clock. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** Flat attributes from the line (table, index, counts; never document contents). */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** The error's class name when the span failed. */
  readonly error?: string;
}
