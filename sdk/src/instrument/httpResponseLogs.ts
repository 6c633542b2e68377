import { canonicalFunctionPath } from "./functionPath.js";
import type { ServerLogRouter, ServerLogSink } from "./serverLogRouter.js";

type Fetch = typeof globalThis.fetch;

// Calls in flight on one client are few; the cap only stops a leak if a call never settles.
const MAX_PENDING = 1_024;

/**
 * Names the call each `ConvexHttpClient` request belongs to, so that the log lines its response
 * carries (`{"status":…,"logLines":[…]}`, convex/src/browser/http_client.ts) reach that call
 * alone. The client itself prints them with the function path only, after its fetch, where
 * concurrent calls of one function cannot be told apart (issue 13 §5).
 *
 * A call announces itself ({@link expect}) just before it hands its request to the client; the
 * client's fetch ({@link claim}) takes the oldest announced call for the request's path. That order
 * is exact: the client fetches a query or an action as it is called, and queued mutations in
 * first-in, first-out order, so calls of one path reach fetch in the order they were made.
 */
export class HttpResponseLogs {
  private readonly pending = new Map<string, ServerLogSink[]>();
  private size = 0;

  /** Announces that `sink`'s request for `functionPath` is next; returns the withdrawal. */
  expect(functionPath: string, sink: ServerLogSink): () => void {
    if (this.size >= MAX_PENDING) return () => {};
    let queue = this.pending.get(functionPath);
    if (!queue) {
      queue = [];
      this.pending.set(functionPath, queue);
    }
    queue.push(sink);
    this.size++;
    // A call that settles without fetching (its arguments failed to encode) must not keep its
    // place, or the next call of the path would take its lines.
    return () => this.remove(functionPath, sink);
  }

  /** The call a request with this JSON body belongs to, if one announced itself. */
  claim(
    body: unknown,
  ): { readonly functionPath: string; readonly sink: ServerLogSink } | undefined {
    const functionPath = pathOf(body);
    if (functionPath === undefined) return undefined;
    const sink = this.pending.get(functionPath)?.[0];
    if (!sink) return undefined;
    this.remove(functionPath, sink);
    return { functionPath, sink };
  }

  private remove(functionPath: string, sink: ServerLogSink): void {
    const queue = this.pending.get(functionPath);
    const index = queue?.indexOf(sink) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    this.size--;
    if (queue.length === 0) this.pending.delete(functionPath);
  }
}

/** The `path` of a request body the client built (`{"path":"m:f","format":…,"args":[…]}`). */
function pathOf(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  // The client writes `path` first (convex/src/browser/http_client.ts): read it without parsing
  // the arguments, which can be large. Anything else is parsed.
  const PREFIX = '{"path":"';
  if (body.startsWith(PREFIX)) {
    const end = body.indexOf('"', PREFIX.length);
    const raw = end < 0 ? "" : body.slice(PREFIX.length, end);
    // A path with an escape in it is left to the parser.
    if (raw.length > 0 && !raw.includes("\\")) return canonicalFunctionPath(raw);
  }
  try {
    const parsed: unknown = JSON.parse(body);
    const path = (parsed as { path?: unknown } | null)?.path;
    // The same canonical form as call sites use ("messages" → "messages:default").
    return typeof path === "string" ? canonicalFunctionPath(path) : undefined;
  } catch {
    return undefined;
  }
}

/** The `logLines` of a response body, or none when it has no such list. */
export function logLinesOf(body: string): readonly string[] {
  // Most responses carry an empty list: skip the parse for them.
  if (!body.includes('"logLines":["')) return [];
  try {
    const lines = (JSON.parse(body) as { logLines?: unknown } | null)?.logLines;
    return Array.isArray(lines)
      ? lines.filter((line): line is string => typeof line === "string")
      : [];
  } catch {
    return [];
  }
}

/**
 * A client's fetch that reads each answered request's own `logLines` and hands them to the call it
 * belongs to (see {@link HttpResponseLogs}). The body is read from a clone, so the client reads
 * the response as before; a failure here is reported and changes nothing for the call.
 */
export function logRoutingFetch(
  inner: Fetch,
  calls: HttpResponseLogs,
  router: ServerLogRouter,
  clientPrints: () => boolean,
  onError: (error: unknown) => void,
): Fetch {
  return async (input, init) => {
    // Claimed as the client calls fetch: the order that makes the claim exact.
    const claimed = calls.claim(init?.body);
    const response = await inner(input, init);
    if (claimed) {
      try {
        const lines = logLinesOf(await response.clone().text());
        if (lines.length > 0) {
          router.claimResponseLines(claimed.functionPath, lines, claimed.sink, clientPrints());
        }
      } catch (error) {
        onError(error);
      }
    }
    return response;
  };
}
