import { createLens, type Lens, LensError } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";
import { memoryTracing } from "../support/tracing.js";

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  for (const close of closers.splice(0)) await close();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

const http = () =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });
const browserClient = () => {
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
  });
  closers.push(() => client.close());
  return client;
};
const reactClient = () => {
  const client = new ConvexReactClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: quiet,
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  closers.push(() => client.close());
  return client;
};

describe("subscriptions", () => {
  it("trace subscribe → first result as one span, and count later updates instead of tracing them", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const client = lens.instrument(browserClient());
    const seen: number[] = [];
    const unsubscribe = client.onUpdate(chat.count, {}, (n) => seen.push(n));
    await eventually(() => expect(seen.length).toBeGreaterThan(0));
    const first = seen[0]!;
    await http().mutation(chat.send, { author: "ada", body: "one" });
    await http().mutation(chat.send, { author: "ada", body: "two" });
    await eventually(() => expect(seen.at(-1)).toBe(first + 2));
    const [record] = lens.subscriptions();
    expect(record).toMatchObject({ functionPath: "messages:count", listeners: 1, retrying: false });
    expect(record?.updates).toBeGreaterThanOrEqual(2);
    unsubscribe();
    expect(lens.subscriptions()).toEqual([]);
    const spans = tracing.logical("query messages:count");
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes["convex.subscription"]).toBe(true);
  });

  it("stay loading through an overload (the client reconnects and re-subscribes), then deliver the result", async () => {
    const tracing = memoryTracing();
    lens = createLens({
      tracerProvider: tracing.provider,
      retry: { initialDelayMs: 300, jitter: "none", maxAttempts: 5 },
    });
    const client = lens.instrument(reactClient());
    // Over WebSocket a deployment answers an overload by closing the socket (ExecuteFullError):
    // no QueryFailed reaches the SDK; the official client reconnects and subscribes again.
    await backend.setFaults({ errorRate: 1, errorKind: "overloaded", functions: "messages:list" });
    const watch = client.watchQuery(chat.list, { limit: 5 });
    const thrown: unknown[] = [];
    const results: unknown[] = [];
    const unsubscribe = watch.onUpdate(() => {
      try {
        results.push(watch.localQueryResult());
      } catch (error) {
        thrown.push(error);
      }
    });
    await eventually(async () =>
      expect((await backend.status()).faults.injectedErrors).toBeGreaterThanOrEqual(1),
    );
    // Meanwhile the query reads as still loading.
    expect(watch.localQueryResult()).toBeUndefined();
    await backend.clearFaults();
    await eventually(() => expect(results.length).toBeGreaterThan(0), { timeoutMs: 10_000 });
    unsubscribe();
    expect(thrown).toEqual([]);
    expect(client.connectionState().connectionCount).toBeGreaterThan(1);
    const [span] = tracing.logical("query messages:list");
    expect(span?.status.code).not.toBe(2);
  });

  it("deliver a non-retryable failure to the listener as a LensError", async () => {
    lens = createLens();
    const client = lens.instrument(browserClient());
    const error = await new Promise<unknown>((resolve) => {
      const internal = chat.insertSystem as unknown as typeof chat.count;
      client.onUpdate(internal, {}, () => {}, resolve);
    });
    expect(error).toBeInstanceOf(LensError);
    expect((error as LensError).code).toBe("FUNCTION_NOT_FOUND");
  });

  it("keep the React client's one-shot query and mutation working with one span each", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const client = lens.instrument(reactClient());
    const id = await client.mutation(chat.send, { author: "grace", body: "from react" });
    const messages = await client.query(chat.list, { limit: 1000 });
    expect(messages.map((m) => m._id)).toContain(id);
    expect(tracing.logical("mutation messages:send")).toHaveLength(1);
    expect(tracing.logical("query messages:list")).toHaveLength(1);
  });

  it("attach the server's log lines to the mutation span they came with", async () => {
    const tracing = memoryTracing();
    lens = createLens({ tracerProvider: tracing.provider });
    const client = lens.instrument(browserClient());
    await client.mutation(chat.send, { author: "linus", body: "logged" });
    const [span] = tracing.logical("mutation messages:send");
    const logs = span?.events.filter((e) => e.name === "convex.log").map((e) => e.attributes?.text);
    expect(logs?.join(" ")).toContain("sending message from");
  });

  it("give each concurrent HTTP call of one function the log lines of its own response", async () => {
    lens = createLens({ capture: { args: true } });
    const client = lens.instrument(http());
    const lines = new Map<string, string[]>();
    lens.onCall((record) => {
      const author = (record.argsPreview ?? "").match(/"author":"([^"]+)"/)?.[1] ?? "?";
      lines.set(
        author,
        record.events.filter((e) => e.name === "convex.log").map((e) => String(e.attributes?.text)),
      );
    });
    const authors = ["ada", "brian", "carol", "dennis", "edsger"];
    await Promise.all(
      authors.map((author) =>
        client.mutation(chat.send, { author, body: "concurrent" }, { skipQueue: true }),
      ),
    );
    await eventually(() => expect(lines.size).toBe(authors.length));
    for (const author of authors) {
      const own = lines.get(author) ?? [];
      expect(own).toHaveLength(1);
      expect(own[0]).toBe(`'sending message from' '${author}'`);
    }
  });
});
