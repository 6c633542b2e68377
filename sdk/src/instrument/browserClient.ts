import type { ConvexClient } from "convex/browser";
import type { CallSite } from "./callSite.js";
import { subscriptionKey } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { LoggerLike } from "./loggerTap.js";
import { isPaginatedPage } from "./paginatedPage.js";
import { type ClientMethod, SocketClientParts } from "./socketClientParts.js";
import type { RawEvent } from "./subscriptionHub.js";

type Ref = Parameters<ConvexClient["onUpdate"]>[0];
type Callback = (value: unknown) => unknown;
type ErrorCallback = (error: Error) => unknown;

/** The shape `ConvexClient.onUpdate` returns: a function that also carries methods. */
interface UnsubscribeObject {
  (): void;
  unsubscribe(): void;
  getCurrentValue(): unknown;
  getQueryLogs(): string[] | undefined;
}

/**
 * Instruments a `ConvexClient` (convex/browser) in place, keeping its identity and type; its
 * `close()` lets go of what the lens holds on it first (socketClientParts.ts). Returns the function
 * that restores the original methods.
 */
export function instrumentBrowserClient(rt: LensRuntime, client: ConvexClient): () => void {
  // `client.client` is the BaseConvexClient; its `url` and `logger` are runtime-visible fields
  // (convex/src/browser/sync/client.ts). The client is disabled when it has none.
  const base = client.disabled
    ? undefined
    : (client.client as unknown as { url?: string; logger?: LoggerLike });
  const parts = new SocketClientParts(rt, client, base?.url, base?.logger);
  const { hub } = parts;
  const rawOnUpdate = client.onUpdate as (...a: unknown[]) => UnsubscribeObject;
  const rawOnPaginated = client.onPaginatedUpdate_experimental as (
    ...a: unknown[]
  ) => UnsubscribeObject;
  // Health, `ready` and mutation timeouts follow this socket (socketClientParts.ts) until the
  // client is closed or restored.
  if (!client.disabled) parts.follow(client, () => base);
  // The official subscription behind each shared one, to answer `getQueryLogs()` from.
  const rawSubscriptions = new Map<string, UnsubscribeObject>();

  const subscribe = (
    key: string,
    call: CallSite,
    args: unknown,
    open: (onValue: Callback, onError: ErrorCallback) => UnsubscribeObject,
    callback: Callback,
    onError: ErrorCallback | undefined,
    retry: boolean,
  ): UnsubscribeObject => {
    const deliver = (event: RawEvent) => {
      if (event.ok) callback(event.value);
      else if (onError) onError(event.error as Error);
      // Without onError the official client makes noise without failing other callbacks.
      else void Promise.reject(event.error);
    };
    const unsubscribe = hub.subscribe(
      key,
      call,
      args,
      (onEvent) => {
        // A result's log lines are kept with it by the client: this subscription's alone.
        let raw: UnsubscribeObject | undefined;
        raw = open(
          (value) => onEvent({ ok: true, value, logs: raw?.getQueryLogs() }),
          (error) => onEvent({ ok: false, error, logs: raw?.getQueryLogs() }),
        );
        rawSubscriptions.set(key, raw);
        return () => {
          if (rawSubscriptions.get(key) === raw) rawSubscriptions.delete(key);
          raw.unsubscribe();
        };
      },
      deliver,
      { replay: true, retry },
    );
    const result = (() => unsubscribe()) as UnsubscribeObject;
    result.unsubscribe = unsubscribe;
    result.getCurrentValue = () => {
      const event = hub.current(key);
      if (event && !event.ok) throw event.error;
      return event?.value;
    };
    result.getQueryLogs = () => rawSubscriptions.get(key)?.getQueryLogs();
    return result;
  };

  const onUpdate = (reference: Ref, args: unknown, callback: Callback, onError?: ErrorCallback) => {
    // `query()` builds on `onUpdate()`; while it runs, subscriptions pass through so one call is one span.
    if (parts.querying || client.disabled)
      return rawOnUpdate.call(client, reference, args, callback, onError);
    const call = parts.site(reference, "query");
    return subscribe(
      subscriptionKey(call.functionPath, args),
      call,
      args,
      (onValue, onFailure) => rawOnUpdate.call(client, reference, args, onValue, onFailure),
      callback,
      onError,
      // A page subscribed by hand with paginationOpts is never retried (paginatedPage.ts).
      !isPaginatedPage(args),
    );
  };

  const onPaginatedUpdate = (
    reference: Ref,
    args: unknown,
    options: { initialNumItems: number; id?: number },
    callback: Callback,
    onError?: ErrorCallback,
  ) => {
    if (client.disabled)
      return rawOnPaginated.call(client, reference, args, options, callback, onError);
    const call = parts.site(reference, "query");
    return subscribe(
      `paginated:${options.id ?? ""}:${options.initialNumItems}:${subscriptionKey(call.functionPath, args)}`,
      call,
      args,
      (onValue, onFailure) =>
        rawOnPaginated.call(client, reference, args, options, onValue, onFailure),
      callback,
      onError,
      false,
    );
  };

  return parts.patch({
    onUpdate,
    onPaginatedUpdate_experimental: onPaginatedUpdate,
    query: parts.call("query", client.query as ClientMethod),
    mutation: parts.call("mutation", client.mutation as ClientMethod),
    action: parts.call("action", client.action as ClientMethod),
  });
}
