import type { ConvexClient } from "convex/browser";
import type { ConvexReactClient } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { health } from "../modules/health.js";
import { metrics } from "../modules/metrics.js";
import { countingBrowserClient } from "./test-support/countingBrowserClient.js";
import { countingReactClient } from "./test-support/countingReactClient.js";
import { scriptedSocketClient } from "./test-support/scriptedSocketClient.js";

const list = makeFunctionReference<"query">("messages:list");

/** One WebSocket client, whose socket never connects, and what a test does with it. */
interface SocketClientCase {
  readonly client: ConvexClient | ConvexReactClient;
  /** Subscribes to `messages:list` through the client's own API. */
  subscribe(): void;
  /** Prints a server log line through the client's logger, with no call to claim it. */
  printStray(text: string): void;
  /** How many times the client's own `close()` ran. */
  closes(): number;
}

/** Counts the runs of `client`'s own `close()`, wrapped before the lens patches it. */
function countCloses(client: { close(): Promise<void> }): () => number {
  let closes = 0;
  const close = client.close;
  client.close = () => {
    closes++;
    return close.call(client);
  };
  return () => closes;
}

const cases: Record<string, () => SocketClientCase> = {
  ConvexClient: () => {
    const socket = scriptedSocketClient(() => "ok", { connected: false });
    return {
      client: socket.client,
      subscribe: () => void socket.client.onUpdate(list, {}, () => {}),
      printStray: (text) => socket.printStray("M", "messages:send", text),
      closes: countCloses(socket.client),
    };
  },
  ConvexReactClient: () => {
    const quiet = (..._args: unknown[]) => {};
    const logger = { log: quiet, warn: quiet, error: quiet, logVerbose: quiet };
    const { client } = countingReactClient(logger);
    return {
      client,
      subscribe: () => void client.watchQuery(list, {}).onUpdate(() => {}),
      printStray: (text) => logger.log("%c[CONVEX M(messages:send)] [LOG]", "color:blue", text),
      closes: countCloses(client),
    };
  },
};

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

// Each test checks the close as it returns: the React client's close() waits for its socket, which
// never opened here, to report closing.
describe.each(Object.keys(cases))("closing an instrumented %s", (name) => {
  function setup() {
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    const subject = cases[name]!();
    const ownClose = subject.client.close;
    full.instrument(subject.client);
    subject.subscribe();
    return { lens: full, ownClose, ...subject };
  }

  it("closes the client itself, and its socket is gone, not reconnecting: the lens and health stop counting it", async () => {
    const { lens, client, closes } = setup();
    expect(lens.online.isConnected()).toBe(false);
    void client.close();
    expect(closes()).toBe(1);
    expect(lens.online.isConnected()).toBe(true);
    const connection = lens.health().checks.find((check) => check.name === "connection");
    // Nothing left to judge: no socket is open, and none is reconnecting.
    expect(connection).toMatchObject({
      status: "no_data",
      message: "No instrumented client has a WebSocket open.",
    });
  });

  it("ends its subscriptions and stops listening to its logger", async () => {
    const { lens, client, printStray } = setup();
    printStray("'before close'");
    expect(lens.subscriptions()).toHaveLength(1);
    void client.close();
    printStray("'after close'");
    expect(lens.subscriptions()).toEqual([]);
    expect(lens.unattributedLogs().map((line) => line.text)).toEqual(["'before close'"]);
  });

  it("is let go of by the lens: shutdown restores the clients still open and leaves the closed one as close() left it", async () => {
    const { lens, client, closes } = setup();
    const open = scriptedSocketClient(() => "ok");
    const openQuery = open.client.query;
    lens.instrument(open.client);
    void client.close();
    const closedMethods = [client.query, client.close];
    expect(closedMethods[0]).not.toBe(openQuery);
    await lens.shutdown();
    // The lens held nothing of the closed client, so it touched nothing of it.
    expect([client.query, client.close]).toEqual(closedMethods);
    expect(open.client.query).toBe(openQuery);
    // Still instrumented and still this lens's: closing again reaches the client's own close().
    void client.close();
    expect(closes()).toBe(2);
  });

  it("leaves the lens free to shut down without it being closed, putting the client's own close() back", async () => {
    const { lens, client, ownClose } = setup();
    expect(client.close).not.toBe(ownClose);
    await lens.shutdown();
    expect(client.close).toBe(ownClose);
  });
});

/** A real client of each WebSocket kind whose sockets are counted, and how to make it open one. */
const countedCases = {
  ConvexClient: () => {
    const { client, opened } = countingBrowserClient();
    return { client, opened, subscribe: () => void client.onUpdate(list, {}, () => {}) };
  },
  ConvexReactClient: () => {
    const { client, opened } = countingReactClient();
    return { client, opened, subscribe: () => void client.watchQuery(list, {}).onUpdate(() => {}) };
  },
};

describe.each(Object.keys(countedCases) as (keyof typeof countedCases)[])(
  "closing an instrumented %s while offline is forced",
  (name) => {
    it("closes with its socket still stopped: no socket opens on the way out", async () => {
      lens = createLens({ devtools: false });
      const { client, opened, subscribe } = countedCases[name]();
      lens.instrument(client);
      subscribe();
      expect(opened).toHaveLength(1);
      lens.setOnline(false);
      // Not awaited: with these sockets the client's close() waits for a close event that never comes.
      void client.close();
      await Promise.resolve();
      expect(opened).toHaveLength(1);
    });

    it("reconnects a socket held offline when the lens shuts down instead, as the raw client would be", async () => {
      const made = createLens({ devtools: false });
      const { client, opened, subscribe } = countedCases[name]();
      made.instrument(client);
      subscribe();
      made.setOnline(false);
      await made.shutdown();
      expect(opened).toHaveLength(2);
      void client.close();
    });
  },
);
