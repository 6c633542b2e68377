import type { ConvexHttpClient } from "convex/browser";
import type { CallTarget } from "../core/callTarget.js";
import { CallSites } from "./callSites.js";
import { executeCall } from "./executeCall.js";
import { followClientLogs } from "./followClientLogs.js";
import { serverAddressOf } from "./functionPath.js";
import { HttpResponseLogs, logRoutingFetch } from "./httpResponseLogs.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { LoggerLike } from "./loggerTap.js";
import { patchMethods } from "./patchMethods.js";
import { sendThrough, sendTraced } from "./sendTraced.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { statusCheck } from "./statusCheck.js";

type Ref = Parameters<ConvexHttpClient["query"]>[0];
type Method = (...args: unknown[]) => Promise<unknown>;
type Fetch = typeof globalThis.fetch;

/**
 * The client's fields we read, private in convex's types but runtime-visible
 * (convex/src/browser/http_client.ts): its transport, set from the constructor's `fetch` option
 * and read on every request (`this.fetch || specifiedFetch || fetch`); whether it prints the log
 * lines of a response (`debug`); its logger.
 */
interface HttpClientFields {
  fetch: Fetch | undefined;
  debug?: boolean;
  logger?: LoggerLike;
}

/**
 * Instruments a `ConvexHttpClient` in place, keeping its identity and type. HTTP statuses and each
 * response's own server log lines come through its fetch, a runtime-visible field
 * (convex/src/browser/http_client.ts); lines it prints that no response claimed go through its
 * logger to the unattributed list. Returns the function that restores the originals.
 */
export function instrumentHttpClient(rt: LensRuntime, client: ConvexHttpClient): () => void {
  const fields = client as unknown as HttpClientFields;
  const logs = new ServerLogRouter();
  const stopLogs = followClientLogs(rt, logs, fields.logger);
  const original = {
    query: client.query as Method,
    consistentQuery: client.consistentQuery as Method,
    mutation: client.mutation as Method,
    action: client.action as Method,
  };
  const ownFetch = fields.fetch;
  const responseLogs = new HttpResponseLogs();
  fields.fetch = logRoutingFetch(
    () => ownFetch ?? globalThis.fetch,
    statusCheck(() => rt.clock.now()),
    responseLogs,
    logs,
    () => fields.debug === true,
    (error) => rt.diagnostics.record("logger", error),
  );
  // Unlike the WebSocket clients' calls (SocketClientParts.call): no socket to gate or follow, so
  // timeouts run on wall time; a response's log lines are claimed in the fetch by function path
  // (httpResponseLogs.ts), not by request id while sending; and a query is one request, not a
  // subscription to pass through.
  const sites = new CallSites(rt, "http", serverAddressOf(client.url));
  const wrap =
    (method: Method, kind: CallTarget["kind"]) =>
    (reference: Ref, ...rest: unknown[]) => {
      const site = sites.get(reference, kind);
      const { functionPath } = site;
      const send = sendThrough(method, client, reference, rest);
      // A server's Retry-After travels on the classified error; the retry loop waits it out in
      // its backoff (RetryHooks.minDelayAfter), before the next attempt's timeout starts.
      return executeCall(rt, site, rest[0], (sink) =>
        responseLogs.send(functionPath, sink, () => sendTraced(rt, site, sink, rest[0], send)),
      );
    };

  const restore = patchMethods(client, {
    query: wrap(original.query, "query"),
    consistentQuery: wrap(original.consistentQuery, "query"),
    mutation: wrap(original.mutation, "mutation"),
    action: wrap(original.action, "action"),
  });
  return () => {
    stopLogs();
    restore();
    fields.fetch = ownFetch;
  };
}
