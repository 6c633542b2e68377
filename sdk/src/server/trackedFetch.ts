import type { ExecutionRecorder } from "./executionRecorder.js";
import { formatTraceArg } from "./traceContext.js";

// Actions call the global `fetch`; it is not on `ctx`. While traced actions run, the global is
// replaced by one that records a span and sends `traceparent`. Convex runs one action per isolate,
// so there is one recorder; where several actions share a global (the "use node" runtime may),
// a fetch cannot be attributed, so it is passed through untouched rather than guessed.

const active = new Set<ExecutionRecorder>();
let original: typeof fetch | undefined;

/** Starts recording `fetch` calls into `recorder`; the returned function stops it. */
export function trackFetch(recorder: ExecutionRecorder): () => void {
  if (typeof globalThis.fetch !== "function") return () => {};
  if (active.size === 0) {
    original = globalThis.fetch;
    globalThis.fetch = tracedFetch;
  }
  active.add(recorder);
  return () => {
    active.delete(recorder);
    if (active.size === 0 && original !== undefined) {
      globalThis.fetch = original;
      original = undefined;
    }
  };
}

async function tracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const realFetch = original ?? globalThis.fetch;
  const [recorder] = active;
  if (recorder === undefined || active.size > 1) return realFetch(input, init);
  const request = new Request(input, init);
  // Only the host: a path or a query string can carry ids and tokens.
  const span = recorder.child(`fetch ${request.method}`, "client", {
    "http.request.method": request.method,
    "server.address": new URL(request.url).hostname,
  });
  const headers = new Headers(request.headers);
  headers.set("traceparent", formatTraceArg(span.context));
  try {
    const response = await realFetch(new Request(request, { headers }));
    span.setAttribute("http.response.status_code", response.status);
    span.end();
    return response;
  } catch (error) {
    span.end(error);
    throw error;
  }
}
