import type { Diagnostics } from "../telemetry/diagnostics.js";
import { patchMethods } from "./patchMethods.js";
import type { ServerLogRouter } from "./serverLogRouter.js";

/** The part of the official client's `RequestManager` we wrap (convex/src/browser/sync/request_manager.ts). */
interface RequestManagerLike {
  request(message: { requestId: number }, sent: boolean): unknown;
  onResponse(response: { requestId: number }): unknown;
}

/**
 * Tells `router` which request id each mutation and action was sent with, and which response the
 * client is processing while it prints that response's log lines, by wrapping the two methods of
 * the `BaseConvexClient`'s request manager (a private field, runtime-visible): `request` runs
 * synchronously inside `mutation()`/`action()` (`enqueueMutation`, convex/src/browser/sync/client.ts),
 * and `onResponse` prints the response's `logLines` before it returns. A client without that shape
 * (another version) is left alone: its lines then stay unattributed. Returns the undo function.
 */
export function tapRequestLogs(
  baseClient: unknown,
  router: ServerLogRouter,
  diagnostics: Diagnostics,
): () => void {
  const manager = (baseClient as { requestManager?: Partial<RequestManagerLike> } | undefined)
    ?.requestManager;
  if (
    !manager ||
    typeof manager.request !== "function" ||
    typeof manager.onResponse !== "function"
  ) {
    return () => {};
  }
  const { request, onResponse } = manager;
  return patchMethods(manager, {
    request(message, sent) {
      try {
        router.requestSent(message.requestId);
      } catch (error) {
        diagnostics.record("logger", error);
      }
      return request.call(this, message, sent);
    },
    onResponse(response) {
      return router.responding(response.requestId, () => onResponse.call(this, response));
    },
  } satisfies RequestManagerLike);
}
