import { type CallRecord, createLens, health, type Lens, metrics } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  for (const client of clients.splice(0)) await client.close();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

const httpClient = () =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });

describe("WebSocket mutations against the local backend", () => {
  it("wait out an outage longer than their timeout and land once, never OUTCOME_UNKNOWN", async () => {
    lens = createLens({ timeoutMs: { mutation: 300 }, devtools: false });
    const raw = new ConvexClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
    });
    clients.push(raw);
    const client = lens.instrument(raw);
    const before = await client.query(chat.count, {});
    await backend.setFaults({ refuseConnections: true });
    await eventually(() => expect(client.connectionState().isWebSocketConnected).toBe(false));
    let settled = false;
    const sending = client.mutation(chat.send, { author: "ada", body: "through the outage" });
    void sending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 1_200));
    expect(settled).toBe(false);
    await backend.clearFaults();
    await expect(sending).resolves.toEqual(expect.any(String));
    await eventually(async () => expect(await httpClient().query(chat.count, {})).toBe(before + 1));
    const bodies = (await httpClient().query(chat.list, { limit: 1000 })).map((m) => m.body);
    expect(bodies.filter((b) => b === "through the outage")).toHaveLength(1);
  }, 30_000);
});

// Both WebSocket clients, each as an app builds it: the lens follows a ConvexReactClient's socket
// from its first call.
const socketClients = {
  ConvexClient: () =>
    new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
  ConvexReactClient: () =>
    new ConvexReactClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    }),
};

describe.each(Object.keys(socketClients) as (keyof typeof socketClients)[])(
  "a %s mutation held through an outage",
  (name) => {
    it("is timed by the server's answer: the outage is its wait for the socket, judged by the connection check", async () => {
      const full = createLens({ devtools: false, use: [metrics(), health()] });
      lens = full;
      const records: CallRecord[] = [];
      full.onCall((record) => records.push(record));
      const raw = socketClients[name]();
      clients.push(raw);
      const client = full.instrument(raw);
      // The first call waits for the cold connect; once the socket is up, a call waits for nothing.
      const first = await client.query(chat.count, {});
      expect(records[0]?.connectMs).toBeGreaterThan(0);
      await client.mutation(chat.send, { author: "ada", body: "while connected" });
      expect(records[1]?.connectMs).toBeUndefined();

      await backend.setFaults({ refuseConnections: true });
      await eventually(() => expect(client.connectionState().isWebSocketConnected).toBe(false));
      const sending = client.mutation(chat.send, { author: "ada", body: "through the outage" });
      await new Promise((r) => setTimeout(r, 1_500));
      await backend.clearFaults();
      await expect(sending).resolves.toEqual(expect.any(String));

      const held = records.at(-1) as CallRecord;
      expect(held).toMatchObject({ functionPath: "messages:send", error: null, attempts: 1 });
      expect(held.connectMs).toBeGreaterThanOrEqual(1_400);
      expect(held.functionMs).toBeLessThan(500);
      // The two parts add up to the call's duration (clocks read a moment apart).
      const parts = (held.connectMs ?? 0) + (held.functionMs ?? 0);
      expect(Math.abs(held.durationMs - parts)).toBeLessThan(50);
      expect(full.metrics().totals.mutation.session.latency?.max).toBeLessThan(500);
      const connection = full.health().checks.find((check) => check.name === "connection");
      expect(connection?.details).toMatchObject({ waited: 2 });
      expect(connection?.value).toBeGreaterThanOrEqual(1_400);
      expect(await httpClient().query(chat.count, {})).toBe(first + 2);
    }, 30_000);
  },
);
