import { createLens, type Lens } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
const clients: ConvexClient[] = [];

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
