import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let http: ConvexHttpClient;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
  http = new ConvexHttpClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
});

afterEach(async () => {
  await backend.clearFaults();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
});

function subscriber() {
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  clients.push(client);
  const seen: { at: number; value?: number; error?: Error }[] = [];
  client.onUpdate(
    chat.count,
    {},
    (value) => seen.push({ at: Date.now(), value }),
    (error) => seen.push({ at: Date.now(), error }),
  );
  return { client, seen };
}

describe("faults on the re-runs that keep subscriptions current", () => {
  it("delays the pushed update by the injected latency", async () => {
    const { seen } = subscriber();
    await eventually(() => expect(seen.length).toBe(1));
    const before = seen[0]?.value as number;
    await backend.setFaults({ latencyMs: 600, functions: "messages:count" });
    const sentAt = Date.now();
    await http.mutation(chat.send, { author: "slow", body: "re-run me" });
    await eventually(() => expect(seen.at(-1)?.value).toBe(before + 1));
    const update = seen.find((entry) => entry.value === before + 1);
    expect((update?.at ?? 0) - sentAt).toBeGreaterThanOrEqual(550);
  });

  it("keeps the last result through a re-run's system error, and catches up once the faults clear", async () => {
    const { client, seen } = subscriber();
    await eventually(() => expect(seen.length).toBe(1));
    const before = seen[0]?.value as number;
    await backend.setFaults({ errorRate: 1, errorKind: "overloaded", functions: "messages:count" });
    await http.mutation(chat.send, { author: "ada", body: "while overloaded" });
    await eventually(async () =>
      expect((await backend.status()).faults.injectedErrors).toBeGreaterThan(0),
    );
    expect(seen.at(-1)).toMatchObject({ value: before });
    await backend.clearFaults();
    await eventually(() => expect(seen.at(-1)?.value).toBe(before + 1));
    expect(seen.some((entry) => entry.error !== undefined)).toBe(false);
    expect(client.connectionState().connectionCount).toBe(1);
  });

  it("fails a re-run with an injected bug, then heals when the faults are cleared, on the same socket", async () => {
    const { client, seen } = subscriber();
    await eventually(() => expect(seen.length).toBe(1));
    const before = seen[0]?.value as number;
    await backend.setFaults({ errorRate: 1, errorKind: "bug", functions: "messages:count" });
    await http.mutation(chat.send, { author: "ada", body: "during the outage" });
    await eventually(() =>
      expect(seen.at(-1)?.error?.message).toMatch(
        /^\[CONVEX Q\(messages:count\)\] \[Request ID: [0-9a-f]{16}\] Server Error/,
      ),
    );
    await backend.clearFaults();
    await eventually(() => expect(seen.at(-1)?.value).toBe(before + 1));
    // The version chain held: the same client keeps mutating and reading.
    await client.mutation(chat.send, { author: "ada", body: "after" });
    expect(await client.query(chat.count, {})).toBe(before + 2);
    expect(client.connectionState().connectionCount).toBe(1);
  });
});
