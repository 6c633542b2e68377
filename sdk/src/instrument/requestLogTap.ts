import type { Diagnostics } from "../telemetry/diagnostics.js";
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
  const originalRequest = manager.request;
  const originalOnResponse = manager.onResponse;
  const request: RequestManagerLike["request"] = function (this: unknown, message, sent) {
    try {
      router.requestSent(message.requestId);
    } catch (error) {
      diagnostics.record("logger", error);
    }
    return originalRequest.call(this, message, sent);
  };
  const onResponse: RequestManagerLike["onResponse"] = function (this: unknown, response) {
    return router.responding(response.requestId, () => originalOnResponse.call(this, response));
  };
  manager.request = request;
  manager.onResponse = onResponse;
  return () => {
    if (manager.request === request) manager.request = originalRequest;
    if (manager.onResponse === onResponse) manager.onResponse = originalOnResponse;
  };
}
