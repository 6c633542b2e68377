// The demo's function builders, traced (issue 18 §4): every module imports `query`, `mutation`…
// from here instead of `./_generated/server`, so each execution prints one `[convex-lens]` line
// with its database reads and writes, which the browser SDK reports under the call that ran it.
// Handlers, validators and types do not change (docs/end-to-end-tracing.md).
import { traced } from "@convex-lens/sdk/server";
import * as raw from "./_generated/server.js";

/** `query`, traced: reads the browser's trace context and reports the execution's spans. */
export const query = traced(raw.query);
/** `mutation`, traced. */
export const mutation = traced(raw.mutation);
/** `action`, traced: its `ctx.run*` and `fetch` calls carry the context on. */
export const action = traced(raw.action);
/** `internalQuery`, traced: runs under the function that called or scheduled it. */
export const internalQuery = traced(raw.internalQuery);
/** `internalMutation`, traced. */
export const internalMutation = traced(raw.internalMutation);
