import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { health } from "../modules/health.js";
import { metrics } from "../modules/metrics.js";
import { countingReactClient } from "./test-support/countingReactClient.js";

const list = makeFunctionReference<"query">("messages:list");

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

describe("an instrumented ConvexReactClient during server rendering", () => {
  it("opens no socket for watchQuery(...).localQueryResult(), as the raw client opens none", async () => {
    const { opened, client } = countingReactClient();
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
    const { opened, client } = countingReactClient();
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
