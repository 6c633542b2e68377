import type { ConvexReactClient, Watch } from "convex/react";
import { classifyError } from "../errors/index.js";
import { subscriptionKey } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import { isPaginatedPage } from "./paginatedPage.js";
import { type ClientMethod, SocketClientParts } from "./socketClientParts.js";
import type { RawEvent } from "./subscriptionHub.js";

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
 * Its `close()` lets go of what the lens holds on it first, and a closed client is never followed
 * again (socketClientParts.ts). Returns the function that restores the original methods.
 */
export function instrumentReactClient(rt: LensRuntime, client: ConvexReactClient): () => void {
  const parts = new SocketClientParts(rt, client, client.url, client.logger);
  const { hub } = parts;
  const rawWatchQuery = client.watchQuery as (...a: unknown[]) => AnyWatch;
  const rawWatchPaginated = (client as unknown as { watchPaginatedQuery: unknown })
    .watchPaginatedQuery as (...a: unknown[]) => PaginatedWatchLike;
  // The client opens its socket lazily (`get sync()`, convex/src/react/client.ts), e.g. not during
  // server rendering, and reading its connection state would open it. So the socket is followed
  // from the first use that opens it anyway (a subscription, a call), never before, and never
  // after close() (the getter throws on a closed client). `sync` (the BaseConvexClient) is a
  // getter marked private in convex's types; the socket is opening by then.
  const firstUse = () => parts.follow(client, () => (client as unknown as { sync: unknown }).sync);

  const watchQuery = (reference: Ref, ...argsAndOptions: unknown[]): AnyWatch => {
    const rawWatch = rawWatchQuery.call(client, reference, ...argsAndOptions);
    // `query()` builds on `watchQuery()`; while it runs, watches pass through so one call is one span.
    if (parts.querying) return rawWatch;
    const call = parts.site(reference, "query");
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
            const watch = rawWatchQuery.call(client, reference, ...argsAndOptions);
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
    const open = () => rawWatchPaginated.call(client, reference, args, options);
    const rawWatch = open();
    const call = parts.site(reference, "query");
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

  return parts.patch({
    watchQuery,
    watchPaginatedQuery,
    query: parts.call("query", client.query as ClientMethod, firstUse),
    mutation: parts.call("mutation", client.mutation as ClientMethod, firstUse),
    action: parts.call("action", client.action as ClientMethod, firstUse),
  });
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
