import type { ConvexHttpClient } from "convex/browser";
import { CallSites } from "./callSite.js";
import type { CallTarget } from "./callTarget.js";
import { executeCall } from "./executeCall.js";
import { serverAddressOf } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import { type LoggerLike, tapLogger } from "./loggerTap.js";
import { patchMethods } from "./patchMethods.js";
import { ServerLogRouter } from "./serverLogRouter.js";

type Ref = Parameters<ConvexHttpClient["query"]>[0];
type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Instruments a `ConvexHttpClient` in place, keeping its identity and type. Server log lines come
 * through its logger, a runtime-visible field (convex/src/browser/http_client.ts). Returns the
 * function that restores the original methods.
 */
export function instrumentHttpClient(rt: LensRuntime, client: ConvexHttpClient): () => void {
  const serverAddress = serverAddressOf(client.url);
  const logs = new ServerLogRouter();
  const logger = (client as unknown as { logger?: LoggerLike }).logger;
  const untap =
    logger && typeof logger.log === "function" ? tapLogger(logger, logs, rt.diagnostics) : () => {};
  const original = {
    query: client.query as Method,
    consistentQuery: client.consistentQuery as Method,
    mutation: client.mutation as Method,
    action: client.action as Method,
  };
  const sites = new CallSites(rt, "http", serverAddress, logs);
  const wrap =
    (method: Method, kind: CallTarget["kind"]) =>
    (reference: Ref, ...rest: unknown[]) =>
      executeCall(rt, sites.get(reference, kind), rest[0], () =>
        method.call(client, reference, ...rest),
      );

  const restore = patchMethods(client, {
    query: wrap(original.query, "query"),
    consistentQuery: wrap(original.consistentQuery, "query"),
    mutation: wrap(original.mutation, "mutation"),
    action: wrap(original.action, "action"),
  });
  return () => {
    untap();
    restore();
  };
}
