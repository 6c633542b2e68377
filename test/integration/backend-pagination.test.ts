import { ConvexClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import {
  type FunctionReference,
  makeFunctionReference,
  type PaginationOptions,
  type PaginationResult,
} from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { complete, type Post } from "../support/completeApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR, DEMO_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";

type PaginatedQuery<T> = FunctionReference<
  "query",
  "public",
  { paginationOpts: PaginationOptions } & Record<string, unknown>,
  PaginationResult<T>
>;

/** What a test sees of `usePaginatedQuery`'s state, whichever client drives it. */
interface PaginatedView<T> {
  results(): T[] | undefined;
  status(): string | undefined;
  loadMore(numItems: number): void;
}

interface Clients {
  /** Subscribes with the client under test. */
  paginate<T>(query: PaginatedQuery<T>, args: Record<string, unknown>): PaginatedView<T>;
  mutation: ConvexClient["mutation"];
  query: ConvexClient["query"];
  close(): Promise<void>;
}

let backend: SpawnedLocalBackend | undefined;
let clients: Clients | undefined;

afterEach(async () => {
  await clients?.close();
  await backend?.stop();
  clients = undefined;
  backend = undefined;
});

const PAGE = 5;

/**
 * `ConvexReactClient.watchPaginatedQuery` (convex/src/react/client.ts), which `usePaginatedQuery`
 * runs on. It is marked internal, so its type is not in the published declarations.
 */
interface WatchesPaginatedQueries {
  watchPaginatedQuery(
    query: unknown,
    args: unknown,
    options: { initialNumItems: number; id: number },
  ): {
    onUpdate(callback: () => void): () => void;
    localQueryResult():
      | { results: unknown[]; status: string; loadMore(numItems: number): boolean }
      | undefined;
  };
}

/** `ConvexReactClient.watchPaginatedQuery`, what `usePaginatedQuery` runs on. */
function reactClients(url: string): Clients {
  const client = new ConvexReactClient(url, {
    skipConvexDeploymentUrlCheck: true,
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: recordingLogger(),
  });
  const stops: (() => void)[] = [];
  return {
    paginate(query, args) {
      const watch = (client as unknown as WatchesPaginatedQueries).watchPaginatedQuery(
        query,
        args,
        { initialNumItems: PAGE, id: 1 },
      );
      stops.push(watch.onUpdate(() => {}));
      return {
        results: () => watch.localQueryResult()?.results as never,
        status: () => watch.localQueryResult()?.status,
        loadMore: (numItems) => watch.localQueryResult()?.loadMore(numItems),
      };
    },
    mutation: ((ref: never, args: never) => client.mutation(ref, args)) as never,
    query: ((ref: never, args: never) => client.query(ref, args)) as never,
    async close() {
      for (const stop of stops) stop();
      await client.close();
    },
  };
}

/** `ConvexClient.onPaginatedUpdate_experimental`. */
function simpleClients(url: string): Clients {
  const client = new ConvexClient(url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  return {
    paginate<T>(query: PaginatedQuery<T>, args: Record<string, unknown>) {
      const subscription = client.onPaginatedUpdate_experimental(
        query,
        args as never,
        { initialNumItems: PAGE },
        () => {},
      );
      const current = () =>
        subscription.getCurrentValue() as
          | { results: T[]; status: string; loadMore(n: number): boolean }
          | undefined;
      return {
        results: () => current()?.results,
        status: () => current()?.status,
        loadMore: (numItems) => current()?.loadMore(numItems),
      };
    },
    mutation: client.mutation.bind(client),
    query: client.query.bind(client),
    close: () => client.close(),
  };
}

/** Waits until the loaded items are exactly `expected`: nothing lost, nothing twice. */
async function expectLoaded(view: PaginatedView<Post>, expected: string[], status?: string) {
  await eventually(() => {
    const results = view.results() ?? [];
    expect(new Set(results.map((post) => post._id)).size).toBe(results.length);
    expect(results.map((post) => post.body)).toEqual(expected);
    if (status !== undefined) {
      expect(view.status()).toBe(status);
    }
  });
}

const seeded = Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, "0")}`);

async function keepsPagesStable(makeClients: (url: string) => Clients) {
  backend = await startTestBackend({ functionsDir: COMPLETE_FUNCTIONS_DIR, crons: false });
  clients = makeClients(backend.url);
  const ids = await clients.mutation(complete.addPosts, { bodies: seeded });
  const id = (body: string) => ids[seeded.indexOf(body)] as string;
  const feed = clients.paginate(complete.feed, {});

  await expectLoaded(feed, seeded.slice(0, 5), "CanLoadMore");
  feed.loadMore(PAGE);
  await expectLoaded(feed, seeded.slice(0, 10), "CanLoadMore");

  // Between the pages: without a journal, page 1 would keep 5 items and push p10 out of page 2.
  await clients.mutation(complete.addPost, { body: "p04.5", rank: 4.5 });
  const step1 = ["p01", "p02", "p03", "p04", "p04.5", "p05", "p06", "p07", "p08", "p09", "p10"];
  await expectLoaded(feed, step1, "CanLoadMore");

  // The document page 1's end cursor points at (convex-test's deleted-cursor case).
  await clients.mutation(complete.removePost, { id: id("p05") });
  const step2 = step1.filter((body) => body !== "p05");
  await expectLoaded(feed, step2, "CanLoadMore");

  // Right after the deleted boundary, and at page 2's end, which is then deleted too.
  await clients.mutation(complete.addPost, { body: "p05.5", rank: 5.5 });
  await clients.mutation(complete.removePost, { id: id("p10") });
  const step3 = ["p01", "p02", "p03", "p04", "p04.5", "p05.5", "p06", "p07", "p08", "p09"];
  await expectLoaded(feed, step3, "CanLoadMore");

  // After a reconnect the client sends its journals back; the pages must not move.
  await backend.dropSockets();
  await clients.mutation(complete.addPost, { body: "p00.5", rank: 0.5 });
  await expectLoaded(feed, ["p00.5", ...step3], "CanLoadMore");

  feed.loadMore(PAGE);
  const all = await clients.query(complete.allPosts, {});
  expect(all).toEqual(["p00.5", ...step3, "p11", "p12"]);
  await expectLoaded(feed, all, "Exhausted");
}

describe("pagination journals with the official clients", () => {
  it("ConvexReactClient.watchPaginatedQuery: no item lost or duplicated as data changes around page boundaries", async () => {
    await keepsPagesStable(reactClients);
  });

  it("ConvexClient.onPaginatedUpdate_experimental: no item lost or duplicated as data changes around page boundaries", async () => {
    await keepsPagesStable(simpleClients);
  });

  it("keeps the demo app's activity feed stable while new activity arrives on top", async () => {
    backend = await startTestBackend({ functionsDir: DEMO_FUNCTIONS_DIR, crons: false });
    clients = simpleClients(backend.url);
    const createBoard = makeFunctionReference<"mutation", { name: string }, string>(
      "boards:create",
    );
    const createTask = makeFunctionReference<
      "mutation",
      { boardId: string; title: string },
      string
    >("tasks:create");
    const activity = makeFunctionReference<
      "query",
      { boardId?: string; paginationOpts: PaginationOptions },
      PaginationResult<{ _id: string; message: string }>
    >("activity:list");
    const boardId = await clients.mutation(createBoard, { name: "Launch" });
    for (let i = 1; i <= 11; i++) {
      await clients.mutation(createTask, { boardId, title: `task ${i}` });
    }
    const titles = (from: number, to: number) =>
      Array.from({ length: from - to + 1 }, (_, i) => `Task "task ${from - i}" created`);
    const feed = clients.paginate(activity, { boardId });
    const messages = () => feed.results()?.map((entry) => entry.message);
    await eventually(() => expect(messages()).toEqual(titles(11, 7)));
    feed.loadMore(PAGE);
    await eventually(() => expect(messages()).toEqual(titles(11, 2)));

    for (let i = 12; i <= 14; i++) {
      await clients.mutation(createTask, { boardId, title: `task ${i}` });
    }
    await eventually(() => expect(messages()).toEqual(titles(14, 2)));
    feed.loadMore(PAGE);
    await eventually(() => {
      expect(messages()).toEqual([...titles(14, 1), 'Board "Launch" created']);
      expect(feed.status()).toBe("Exhausted");
    });
  });
});
