import type { ConvexReactClient, Watch } from "convex/react";
import type { CallTarget } from "../core/callTarget.js";
import { classifyError } from "../errors/index.js";
import { DeadlineWheel } from "../resilience/deadlineWheel.js";
import { convexConnectionSource } from "../resilience/onlineManager.js";
import { CallSites } from "./callSites.js";
import { ConnectedClock, followConnection } from "./connectedClock.js";
import { executeCall } from "./executeCall.js";
import { serverAddressOf, subscriptionKey } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import { tapLogger } from "./loggerTap.js";
import { isPaginatedPage } from "./paginatedPage.js";
import { patchMethods } from "./patchMethods.js";
import { tapRequestLogs } from "./requestLogTap.js";
import { sendTraced } from "./sendTraced.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { SocketGate } from "./socketGate.js";
import { SocketReadiness } from "./socketReadiness.js";
import { type RawEvent, SubscriptionHub } from "./subscriptionHub.js";

/** A watch as the client builds it; `localQueryLogs` is marked internal in convex's types. */
interface AnyWatch extends Watch<unknown> {
  localQueryLogs(): string[] | undefined;
}

/**
 * `watchPaginatedQuery` and its watch are marked internal in convex's published types, but
 * `usePaginatedQuery` calls them on the client (convex/src/react/use_queries.ts), so we wrap them.
 */
interface PaginatedWatchLike {
  onUpdate(callback: () => void): () => void;
  localQueryResult(): unknown;
}

type Ref = Parameters<ConvexReactClient["watchQuery"]>[0];

/**
 * Instruments a `ConvexReactClient` in place. Its methods are replaced on the instance, so the
 * object keeps its identity and type, `ConvexProvider` accepts it, and the `convex/react` hooks
 * (which call `watchQuery`, `watchPaginatedQuery`, `mutation` and `action` on it) are instrumented.
 * Returns the function that restores the original methods.
 */
export function instrumentReactClient(rt: LensRuntime, client: ConvexReactClient): () => void {
  const serverAddress = serverAddressOf(client.url);
  const logs = new ServerLogRouter();
  const unfollowLogs = rt.unattributed.follow(logs);
  const untap = tapLogger(client.logger, logs, rt.diagnostics);
  const socket = new SocketReadiness();
  const hub = new SubscriptionHub(rt, logs, socket);
  rt.hubs.add(hub);
  const original = {
    watchQuery: client.watchQuery,
    watchPaginatedQuery: (client as unknown as { watchPaginatedQuery: unknown })
      .watchPaginatedQuery,
    query: client.query,
    mutation: client.mutation,
    action: client.action,
    close: client.close,
  };
  const connected = new ConnectedClock(rt.clock);
  const gate = new SocketGate(rt.faults, rt.online, rt.clock);
  const sites = new CallSites(rt, "websocket", serverAddress, new DeadlineWheel(connected), gate);
  const target = (reference: Ref, kind: CallTarget["kind"]) => sites.get(reference, kind);
  // `query()` builds on `watchQuery()`; while it runs, watches pass through so one call is one span.
  let passThrough = 0;
  // The client opens its socket lazily (`get sync()`, convex/src/react/client.ts), e.g. not during
  // server rendering, and reading its connection state would open it. So the state is followed
  // from the first use that opens the socket anyway (a subscription, a call), never before.
  let stopFollowing: (() => void) | undefined;
  const firstUse = () => {
    if (stopFollowing) return;
    const removeSource = rt.online.addConnectionSource(convexConnectionSource(client));
    const unfollow = followConnection(client, connected);
    const unfollowSocket = socket.follow(client);
    // `sync` (the BaseConvexClient) is a getter marked private in convex's types; the socket is
    // opening now anyway. Its request manager tells which request a response's log lines are for.
    const sync = (client as unknown as { sync: unknown }).sync;
    const untapRequests = tapRequestLogs(sync, logs, rt.diagnostics);
    // Injected latency and simulated offline act at the socket, as the real faults do.
    const ungate = gate.install(sync);
    stopFollowing = () => {
      removeSource();
      unfollow();
      unfollowSocket();
      untapRequests();
      ungate();
    };
  };

  const watchQuery = (reference: Ref, ...argsAndOptions: unknown[]): AnyWatch => {
    const rawWatch = (original.watchQuery as (...a: unknown[]) => AnyWatch).call(
      client,
      reference,
      ...argsAndOptions,
    );
    if (passThrough > 0) return rawWatch;
    const call = target(reference, "query");
    const args = argsAndOptions[0];
    const key = subscriptionKey(call.functionPath, args);
    return {
      onUpdate: (callback: () => void) =>
        hub.subscribe(
          key,
          call,
          args,
          (onEvent) => {
            firstUse();
            const watch = (original.watchQuery as (...a: unknown[]) => AnyWatch).call(
              client,
              reference,
              ...argsAndOptions,
            );
            const unsubscribe = watch.onUpdate(() => onEvent(readWatch(watch)));
            // The client calls back only on change, so a result it already holds is replayed.
            const initial = readWatch(watch);
            if (!initial.ok || initial.value !== undefined) queueMicrotask(() => onEvent(initial));
            return unsubscribe;
          },
          () => callback(),
          // A page of usePaginatedQuery is never retried by re-subscribing (paginatedPage.ts).
          { replay: false, retry: !isPaginatedPage(args) },
        ),
      localQueryResult: () => {
        const masked = hub.masked(key);
        if (masked) return masked.event?.ok ? masked.event.value : undefined;
        try {
          return rawWatch.localQueryResult();
        } catch (error) {
          throw classifyError(error, call);
        }
      },
      localQueryLogs: () => rawWatch.localQueryLogs(),
      journal: () => (hub.masked(key) ? undefined : rawWatch.journal()),
    };
  };

  const watchPaginatedQuery = (
    reference: Ref,
    args: Record<string, unknown>,
    options: { initialNumItems: number; id: number },
  ): PaginatedWatchLike => {
    const open = () =>
      (original.watchPaginatedQuery as (...a: unknown[]) => PaginatedWatchLike).call(
        client,
        reference,
        args,
        options,
      );
    const rawWatch = open();
    const call = target(reference, "query");
    const key = `paginated:${options.id}:${subscriptionKey(call.functionPath, args)}`;
    return {
      onUpdate: (callback: () => void) =>
        hub.subscribe(
          key,
          call,
          args,
          (onEvent) => {
            firstUse();
            const watch = open();
            return watch.onUpdate(() => onEvent(readWatch(watch)));
          },
          () => callback(),
          { replay: false, retry: false },
        ),
      localQueryResult: () => rawWatch.localQueryResult(),
    };
  };

  const query = (reference: Ref, ...args: unknown[]) => {
    firstUse();
    const site = target(reference, "query");
    return executeCall(rt, site, args[0], (sink) =>
      sendTraced(rt, site, sink, args[0], (sent) => {
        passThrough++;
        try {
          return (original.query as (...a: unknown[]) => Promise<unknown>).call(
            client,
            reference,
            sent,
            ...args.slice(1),
          );
        } finally {
          passThrough--;
        }
      }),
    );
  };

  // A mutation or an action: its server log lines go to the call that sent it.
  const loggedCall =
    (kind: "mutation" | "action") =>
    (reference: Ref, ...argsAndOptions: unknown[]) => {
      firstUse();
      const site = target(reference, kind);
      return executeCall(rt, site, argsAndOptions[0], (sink) =>
        sendTraced(rt, site, sink, argsAndOptions[0], (sent) =>
          logs.sending(sink, () =>
            (original[kind] as (...a: unknown[]) => Promise<unknown>).call(
              client,
              reference,
              sent,
              ...argsAndOptions.slice(1),
            ),
          ),
        ),
      );
    };
  const mutation = loggedCall("mutation");
  const action = loggedCall("action");

  const close = (): Promise<void> => {
    // A closed client's socket is gone for good, not reconnecting: stop following it, so health
    // and `ready` no longer count it, and never start again (a closed client opens no socket).
    stopFollowing?.();
    stopFollowing = () => {};
    hub.closeAll();
    return original.close.call(client);
  };

  const restore = patchMethods(client, {
    watchQuery,
    watchPaginatedQuery,
    query,
    mutation,
    action,
    close,
  });
  return () => {
    rt.hubs.delete(hub);
    hub.closeAll();
    untap();
    unfollowLogs();
    stopFollowing?.();
    restore();
  };
}

function readWatch(watch: {
  localQueryResult(): unknown;
  localQueryLogs?(): string[] | undefined;
}): RawEvent {
  const logs = watch.localQueryLogs?.();
  try {
    return { ok: true, value: watch.localQueryResult(), logs };
  } catch (error) {
    return { ok: false, error, logs };
  }
}
