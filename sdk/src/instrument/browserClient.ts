import type { ConvexClient } from "convex/browser";
import type { CallTarget } from "../core/callTarget.js";
import { DeadlineWheel } from "../resilience/deadlineWheel.js";
import { convexConnectionSource } from "../resilience/onlineManager.js";
import type { CallSite } from "./callSite.js";
import { CallSites } from "./callSites.js";
import { ConnectedClock, followConnection } from "./connectedClock.js";
import { executeCall } from "./executeCall.js";
import { serverAddressOf, subscriptionKey } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import { type LoggerLike, tapLogger } from "./loggerTap.js";
import { isPaginatedPage } from "./paginatedPage.js";
import { patchMethods } from "./patchMethods.js";
import { tapRequestLogs } from "./requestLogTap.js";
import { sendTraced } from "./sendTraced.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { SocketGate } from "./socketGate.js";
import { SocketReadiness } from "./socketReadiness.js";
import { type RawEvent, SubscriptionHub } from "./subscriptionHub.js";

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
 * Instruments a `ConvexClient` (convex/browser) in place, keeping its identity and type. Returns the
 * function that restores the original methods.
 */
export function instrumentBrowserClient(rt: LensRuntime, client: ConvexClient): () => void {
  // `client.client` is the BaseConvexClient; its `url` and `logger` are runtime-visible fields
  // (convex/src/browser/sync/client.ts). The client is disabled when it has none.
  const base = client.disabled
    ? undefined
    : (client.client as unknown as { url?: string; logger?: LoggerLike });
  const serverAddress = serverAddressOf(base?.url);
  const logs = new ServerLogRouter();
  const unfollowLogs = rt.unattributed.follow(logs);
  const untap =
    base?.logger && typeof base.logger.log === "function"
      ? tapLogger(base.logger, logs, rt.diagnostics)
      : () => {};
  const socket = new SocketReadiness();
  const untapRequests = tapRequestLogs(base, logs, rt.diagnostics);
  const hub = new SubscriptionHub(rt, logs, socket);
  rt.hubs.add(hub);
  const original = {
    onUpdate: client.onUpdate,
    onPaginatedUpdate_experimental: client.onPaginatedUpdate_experimental,
    query: client.query,
    mutation: client.mutation,
    action: client.action,
    close: client.close,
  };
  const rawOnUpdate = original.onUpdate as (...a: unknown[]) => UnsubscribeObject;
  const rawOnPaginated = original.onPaginatedUpdate_experimental as (
    ...a: unknown[]
  ) => UnsubscribeObject;
  // Mutation timeouts pause while this client's socket is down (connectedClock.ts).
  const connected = new ConnectedClock(rt.clock);
  const unfollowClock = client.disabled ? () => {} : followConnection(client, connected);
  const unfollowSocket = client.disabled ? () => {} : socket.follow(client);
  // Health and `ready` follow this socket until the client is closed: a closed client's socket is
  // gone for good, not reconnecting, so close() stops counting it (and restore() does too).
  const removeSource = client.disabled
    ? () => {}
    : rt.online.addConnectionSource(convexConnectionSource(client));
  const unfollow = () => {
    removeSource();
    unfollowClock();
    unfollowSocket();
  };
  // Injected latency and simulated offline act at the socket, as the real faults do.
  const gate = new SocketGate(rt.faults, rt.online, rt.clock);
  const ungate = client.disabled ? () => {} : gate.install(base);
  const sites = new CallSites(rt, "websocket", serverAddress, new DeadlineWheel(connected), gate);
  // The official subscription behind each shared one, to answer `getQueryLogs()` from.
  const rawSubscriptions = new Map<string, UnsubscribeObject>();
  const target = (reference: Ref, kind: CallTarget["kind"]) => sites.get(reference, kind);
  // `query()` builds on `onUpdate()`; while it runs, subscriptions pass through so one call is one span.
  let passThrough = 0;

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
    if (passThrough > 0 || client.disabled)
      return rawOnUpdate.call(client, reference, args, callback, onError);
    const call = target(reference, "query");
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
    const call = target(reference, "query");
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

  const query = (reference: Ref, args: unknown) => {
    const site = target(reference, "query");
    return executeCall(rt, site, args, (sink) =>
      sendTraced(rt, site, sink, args, (sent) => {
        passThrough++;
        try {
          return (original.query as (...a: unknown[]) => Promise<unknown>).call(
            client,
            reference,
            sent,
          );
        } finally {
          passThrough--;
        }
      }),
    );
  };

  // A mutation or an action: its server log lines go to the call that sent it. Options (a
  // mutation's) are passed on as given.
  const loggedCall =
    (kind: "mutation" | "action") =>
    (reference: Ref, args: unknown, ...options: unknown[]) => {
      const site = target(reference, kind);
      return executeCall(rt, site, args, (sink) =>
        sendTraced(rt, site, sink, args, (sent) =>
          logs.sending(sink, () =>
            (original[kind] as (...a: unknown[]) => Promise<unknown>).call(
              client,
              reference,
              sent,
              ...options,
            ),
          ),
        ),
      );
    };
  const mutation = loggedCall("mutation");
  const action = loggedCall("action");

  const close = (): Promise<void> => {
    removeSource();
    hub.closeAll();
    return original.close.call(client);
  };

  const restore = patchMethods(client, {
    onUpdate,
    onPaginatedUpdate_experimental: onPaginatedUpdate,
    query,
    mutation,
    action,
    close,
  });
  return () => {
    rt.hubs.delete(hub);
    hub.closeAll();
    untap();
    untapRequests();
    unfollowLogs();
    unfollow();
    ungate();
    restore();
  };
}
