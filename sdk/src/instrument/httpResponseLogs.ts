import { canonicalFunctionPath } from "./functionPath.js";
import type { ServerLogRouter, ServerLogSink } from "./serverLogRouter.js";

type Fetch = typeof globalThis.fetch;

// Calls in flight on one client are few; the cap only stops a leak if a call never settles.
export const MAX_PENDING = 1_024;

/** A call, and the function whose request it hands to the client. */
interface Sender {
  readonly functionPath: string;
  readonly sink: ServerLogSink;
}

/**
 * Names the call each `ConvexHttpClient` request belongs to, so that the log lines its response
 * carries (`{"status":…,"logLines":[…]}`, convex/src/browser/http_client.ts) reach that call
 * alone. The client itself prints them with the function path only, after its fetch, where
 * concurrent calls of one function cannot be told apart (issue 13 §5).
 *
 * A call hands its request to the client through {@link send}. The client fetches a query or an
 * action (and a mutation when none is queued) synchronously inside that call, so its fetch
 * ({@link claim}) takes the sender at no cost. A request the client fetches later (a queued
 * mutation, a consistent query waiting for its timestamp) is announced ({@link expect}) and its
 * fetch takes the oldest announced call for the request's path. That order is exact: the client
 * fetches queued mutations in first-in, first-out order, so calls of one path reach fetch in the
 * order they were made.
 */
export class HttpResponseLogs {
  /** The call inside {@link send} whose request the client has not fetched yet. */
  private sender: Sender | undefined;
  /** Announced calls whose request the client fetches later, oldest first. */
  private readonly waiting: Sender[] = [];

  /** Runs `send`, which hands `sink`'s request for `functionPath` to the client. */
  send<T>(functionPath: string, sink: ServerLogSink, send: () => Promise<T>): Promise<T> {
    const call: Sender = { functionPath, sink };
    this.sender = call;
    let pending: Promise<T>;
    try {
      pending = send();
    } catch (error) {
      this.sender = undefined;
      throw error;
    }
    if (this.sender === call) {
      // Not fetched yet: announced, for the fetch the client makes later.
      this.sender = undefined;
      const withdraw = this.expect(functionPath, sink);
      pending.then(withdraw, withdraw);
    }
    return pending;
  }

  /**
   * Announces that `sink`'s request for `functionPath` is next; returns the function that
   * withdraws it if its request never claimed it. Call that once the client's call settles: one
   * that settles without fetching (its arguments failed to encode) must not keep its place, or
   * the next call of the path would take its lines.
   */
  expect(functionPath: string, sink: ServerLogSink): () => void {
    const call: Sender = { functionPath, sink };
    if (this.waiting.length < MAX_PENDING) this.waiting.push(call);
    return () => {
      const index = this.waiting.indexOf(call);
      if (index >= 0) this.waiting.splice(index, 1);
    };
  }

  /** The call a request with this JSON body belongs to, if one announced itself. */
  claim(body: unknown): Sender | undefined {
    const sender = this.sender;
    this.sender = undefined;
    if (sender) return sender;
    const functionPath = pathOf(body);
    const index = this.waiting.findIndex((call) => call.functionPath === functionPath);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }
}

// The JSON string that opens a body the client built: its `path`, escapes and all.
const LEADING_PATH = /^\{"path":("(?:[^"\\]|\\.)*")/;

/** The `path` of a request body the client built (`{"path":"m:f","format":…,"args":[…]}`). */
function pathOf(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  try {
    // The client writes `path` first (convex/src/browser/http_client.ts): only that string is
    // parsed, not the arguments, which can be large. Anything else is parsed whole.
    const leading = LEADING_PATH.exec(body)?.[1];
    const path: unknown = leading
      ? JSON.parse(leading)
      : (JSON.parse(body) as { path?: unknown } | null)?.path;
    // The same canonical form as call sites use ("messages" → "messages:default").
    return typeof path === "string" ? canonicalFunctionPath(path) : undefined;
  } catch {
    return undefined;
  }
}

const NO_LINES: readonly string[] = Object.freeze([]);

/** The `logLines` of a parsed response body, or none when it has no such list. */
export function logLinesOf(body: unknown): readonly string[] {
  const lines = (body as { logLines?: unknown } | null)?.logLines;
  // Most responses carry none: no array is made for them.
  return Array.isArray(lines) && lines.length > 0
    ? lines.filter((line): line is string => typeof line === "string")
    : NO_LINES;
}

/**
 * A client's fetch: `base()` (read on every request, so a fetch the app set, or a test's global,
 * is still the one that runs), each answer passed through `check` (statusCheck.ts), and each
 * answered request's own `logLines` handed to the call it belongs to (see
 * {@link HttpResponseLogs}). The lines are read from the body the client parses itself
 * (`response.json()`, before it prints them), rather than from a clone parsed a second time; a
 * failure here is reported and changes nothing for the call. Both in one reaction per request.
 */
export function logRoutingFetch(
  base: () => Fetch,
  check: (response: Response) => Response | Promise<never>,
  calls: HttpResponseLogs,
  router: ServerLogRouter,
  clientPrints: () => boolean,
  onError: (error: unknown) => void,
): Fetch {
  return (input, init) => {
    // Claimed as the client calls fetch: the order that makes the claim exact.
    const claimed = calls.claim(init?.body);
    const answered = base()(input, init);
    if (!claimed) return answered.then(check);
    return answered.then((response) => {
      const checked = check(response);
      // A failed status is thrown: the client reads no body of it.
      if (checked !== response) return checked;
      const json = response.json;
      // An own property shadows the prototype's method (Response objects are extensible). One
      // that will not take it (frozen) is reported and left alone; its lines then reach the
      // unattributed list when the client prints them.
      try {
        response.json = function (this: Response) {
          return json.call(this).then((body: unknown) => {
            try {
              const lines = logLinesOf(body);
              if (lines.length > 0) {
                router.claimResponseLines(
                  claimed.functionPath,
                  lines,
                  claimed.sink,
                  clientPrints(),
                );
              }
            } catch (error) {
              onError(error);
            }
            return body;
          });
        };
      } catch (error) {
        onError(error);
      }
      return response;
    });
  };
}
