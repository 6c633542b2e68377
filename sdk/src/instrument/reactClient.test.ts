import { ConvexReactClient } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { health } from "../modules/health.js";
import { metrics } from "../modules/metrics.js";

const list = makeFunctionReference<"query">("messages:list");

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

/** A WebSocket constructor that counts the sockets a client opens and never connects them. */
function countingWebSocket() {
  const opened: string[] = [];
  class CountingWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(url: string) {
      opened.push(url);
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
      // The client's close() waits for the socket's close event.
      queueMicrotask(() => this.onclose?.({ code: 1000, reason: "closed" }));
    }
  }
  return { opened, WebSocket: CountingWebSocket as unknown as typeof WebSocket };
}

/** A ConvexReactClient whose sockets are counted ({@link countingWebSocket}) and never connect. */
function reactClientOnCountingSockets() {
  const { opened, WebSocket } = countingWebSocket();
  const client = new ConvexReactClient("http://127.0.0.1:3210", {
    webSocketConstructor: WebSocket,
    skipConvexDeploymentUrlCheck: true,
  });
  return { opened, client };
}

describe("an instrumented ConvexReactClient during server rendering", () => {
  it("opens no socket for watchQuery(...).localQueryResult(), as the raw client opens none", async () => {
    const { opened, client } = reactClientOnCountingSockets();
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    full.instrument(client);
    const watch = client.watchQuery(list, {});
    expect(watch.localQueryResult()).toBeUndefined();
    expect(watch.journal()).toBeUndefined();
    full.health();
    lens.online.isConnected();
    expect(opened).toEqual([]);
    await client.close();
  });

  it("opens the socket on the first subscription, and follows its connection from then on", async () => {
    const { opened, client } = reactClientOnCountingSockets();
    lens = createLens({ devtools: false });
    lens.instrument(client);
    const unsubscribe = client.watchQuery(list, {}).onUpdate(() => {});
    expect(opened).toHaveLength(1);
    expect(lens.online.isConnected()).toBe(false);
    unsubscribe();
    // A socket that never opened never reports closing; closing is not what this test is about.
    void client.close();
  });
});

describe("a closed ConvexReactClient", () => {
  it("is gone, not reconnecting: the lens's connection state and health stop counting its socket", async () => {
    const { client } = reactClientOnCountingSockets();
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    full.instrument(client);
    const unsubscribe = client.watchQuery(list, {}).onUpdate(() => {});
    expect(full.online.isConnected()).toBe(false);
    unsubscribe();
    void client.close();
    expect(full.online.isConnected()).toBe(true);
    const connection = full.health().checks.find((check) => check.name === "connection");
    expect(connection?.message).not.toContain("reconnecting");
  });
});
