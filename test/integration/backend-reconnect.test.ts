import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, type Message } from "../support/chatApi.js";
import { eventually, firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
const clients: ConvexClient[] = [];

function convexClient() {
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  clients.push(client);
  return client;
}

async function rowsWithBody(body: string): Promise<number> {
  const { tables } = await backend.exportData();
  return ((tables.messages ?? []) as unknown as Message[]).filter((m) => m.body === body).length;
}

beforeAll(async () => {
  backend = await startTestBackend();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
});

describe("reconnects", () => {
  it("applies a mutation exactly once when its socket drops mid-flight", async () => {
    const client = convexClient();
    await client.query(chat.count, {});
    const body = `exactly once ${Math.random()}`;
    await backend.setFaults({ latencyMs: 800, functions: "messages:send" });
    try {
      const pending = client.mutation(chat.send, { author: "flaky", body });
      await eventually(async () =>
        expect((await backend.status()).counters.mutations).toBeGreaterThan(0),
      );
      expect(await backend.dropSockets()).toBeGreaterThanOrEqual(1);
      const id = await pending;
      expect(id).toEqual(expect.any(String));
    } finally {
      await backend.clearFaults();
    }
    expect(await rowsWithBody(body)).toBe(1);
    expect((await backend.status()).counters.dedupedMutations).toBeGreaterThanOrEqual(1);
  });

  it("keeps a burst of in-flight mutations exactly-once across repeated drops", async () => {
    const client = convexClient();
    await client.query(chat.count, {});
    await backend.setFaults({ latencyMs: 20, functions: "messages:send" });
    const prefix = `burst ${Math.random()}`;
    try {
      const pending = Array.from({ length: 30 }, (_, i) =>
        client.mutation(chat.send, { author: "burst", body: `${prefix} ${i}` }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await backend.dropSockets();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await backend.dropSockets();
      await Promise.all(pending);
    } finally {
      await backend.clearFaults();
    }
    for (let i = 0; i < 30; i++) {
      expect(await rowsWithBody(`${prefix} ${i}`)).toBe(1);
    }
  });

  it("refuses connections during an outage and recovers when it ends", async () => {
    const client = convexClient();
    const http = new ConvexHttpClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: recordingLogger(),
    });
    await client.query(chat.count, {});
    await backend.setFaults({ refuseConnections: true });
    let pending: Promise<string> | undefined;
    const body = `after outage ${Math.random()}`;
    try {
      await eventually(() => expect(client.connectionState().isWebSocketConnected).toBe(false));
      await expect(http.query(chat.count, {})).rejects.toThrow();
      pending = client.mutation(chat.send, { author: "patient", body });
      // The client keeps trying to reconnect (with backoff) and is turned away.
      await eventually(
        async () => expect((await backend.status()).counters.connectionsRefused).toBeGreaterThan(0),
        {
          timeoutMs: 20_000,
        },
      );
      expect(client.connectionState().isWebSocketConnected).toBe(false);
      expect(await rowsWithBody(body)).toBe(0);
    } finally {
      await backend.clearFaults();
    }
    const seen = firstMatching<Message[]>(
      (onValue) => client.onUpdate(chat.list, {}, onValue),
      (messages) => messages.some((m) => m.body === body),
      20_000,
    );
    await pending;
    await seen;
    expect(await rowsWithBody(body)).toBe(1);
    expect(await http.query(chat.count, {})).toBeGreaterThan(0);
  });
});
