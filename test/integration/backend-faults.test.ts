import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat, type Message } from "../support/chatApi.js";
import { eventually, firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let client: ConvexClient;
let http: ConvexHttpClient;

beforeAll(async () => {
  backend = await startTestBackend();
  client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  http = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  await client.query(chat.count, {});
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
});

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

describe("fault injection", () => {
  it("adds the configured latency, within a tolerance, only to matching functions", async () => {
    await backend.setFaults({ latencyMs: 800, functions: "messages:send" });
    try {
      const delayedHttp = await timed(() =>
        http.mutation(chat.send, { author: "slow", body: "http" }),
      );
      const delayedWs = await timed(() =>
        client.mutation(chat.send, { author: "slow", body: "ws" }),
      );
      const undelayed = await timed(() => http.query(chat.count, {}));
      expect(delayedHttp).toBeGreaterThanOrEqual(790);
      expect(delayedHttp).toBeLessThan(800 + 4_000);
      expect(delayedWs).toBeGreaterThanOrEqual(790);
      expect(delayedWs).toBeLessThan(800 + 4_000);
      expect(undelayed).toBeLessThan(700);
    } finally {
      await backend.clearFaults();
    }
  });

  it("fails a call with a function's Server Error for an injected bug, before it runs", async () => {
    const before = await client.query(chat.count, {});
    await backend.setFaults({ errorRate: 1, errorKind: "bug", functions: "messages:send" });
    try {
      await expect(
        client.mutation(chat.send, { author: "x", body: "never stored" }),
      ).rejects.toThrow(
        /\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: .+\n {2}Called by client$/,
      );
    } finally {
      await backend.clearFaults();
    }
    expect(await http.query(chat.count, {})).toBe(before);
    expect((await backend.status()).faults.injectedErrors).toBeGreaterThan(0);
  });

  it("closes the socket on an injected overload; the client re-sends the mutation and it lands once", async () => {
    const body = `after an overload ${Math.random()}`;
    const connections = client.connectionState().connectionCount;
    await backend.setFaults({ errorRate: 1, errorKind: "overloaded", functions: "messages:send" });
    const sent = client.mutation(chat.send, { author: "x", body });
    try {
      await eventually(async () =>
        expect((await backend.status()).faults.injectedErrors).toBeGreaterThan(0),
      );
    } finally {
      await backend.clearFaults();
    }
    await sent; // re-sent after the reconnect (ExecuteFullError: a 1.5–4.5 s back-off)
    expect(client.connectionState().connectionCount).toBeGreaterThan(connections);
    const stored = (await http.query(chat.list, {})).filter((m: Message) => m.body === body);
    expect(stored).toHaveLength(1);
  });

  it("validates fault settings", async () => {
    await expect(backend.setFaults({ errorRate: 3 })).rejects.toThrow(
      "errorRate must be a number between 0 and 1",
    );
  });
});

describe("hostile clients", () => {
  it("closes only the socket that sent a malformed message; other clients keep working", async () => {
    const connections = client.connectionState().connectionCount;
    const hostile = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    await new Promise((resolve, reject) => {
      hostile.once("open", resolve);
      hostile.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => hostile.once("close", (code) => resolve(code)));
    hostile.send("this is not the sync protocol");
    expect(await closed).toBe(1008);

    const body = `still fine ${Math.random()}`;
    const seen = firstMatching<Message[]>(
      (onValue) => client.onUpdate(chat.list, {}, onValue),
      (messages) => messages.some((m) => m.body === body),
    );
    await client.mutation(chat.send, { author: "bystander", body });
    await seen;
    expect(client.connectionState().connectionCount).toBe(connections);
    expect((await backend.status()).counters.protocolErrors).toBeGreaterThanOrEqual(1);
  });
});
