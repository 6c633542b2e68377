import { type CallRecord, createLens, health, type Lens, metrics } from "@convex-lens/sdk";
import { ConvexClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chat } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Issue 13 §2: one slow cold connect with a page of subscriptions read as "unhealthy: average query
// latency 595 ms" for the whole window. The connect is the socket's, not the backend's.
let backend: SpawnedLocalBackend;
let lens: Lens | undefined;
let client: ConvexClient | undefined;

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await backend.clearFaults();
  await lens?.shutdown();
  lens = undefined;
});
afterAll(async () => {
  await backend?.stop();
});

describe("a 600 ms cold connect with 6 subscriptions", () => {
  it("leaves health healthy, keeps the connect out of query latency, and says what happened", async () => {
    await backend.setFaults({ connectDelayMs: 600 });
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    const records: CallRecord[] = [];
    full.onCall((record) => records.push(record));
    client = lens.instrument(
      new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
    );
    const subscribed = client;
    const stops = [1, 2, 3, 4, 5, 6].map((limit) =>
      subscribed.onUpdate(chat.list, { limit }, () => {}),
    );
    await eventually(() => expect(records).toHaveLength(6), { timeoutMs: 5_000 });
    for (const record of records) {
      expect(record.durationMs).toBeGreaterThanOrEqual(550);
      expect(record.connectMs).toBeGreaterThanOrEqual(500);
      expect(record.functionMs).toBeLessThan(300);
    }
    const report = full.health();
    expect(report.status).toBe("healthy");
    const latency = report.checks.find((check) => check.name === "query_latency");
    expect(latency?.status).toBe("healthy");
    expect(latency?.value).toBeLessThan(300);
    const connection = report.checks.find((check) => check.name === "connection");
    expect(connection?.status).toBe("healthy");
    expect(connection?.message).toMatch(
      /^WebSocket connected; 6 calls waited up to \d+ ms for the WebSocket to connect/,
    );
    // The lens was there before the client: its first connect is neither a drop nor a reconnect.
    expect(connection?.details).toMatchObject({ connected: true, reconnects: 0, disconnects: 0 });
    for (const stop of stops) stop();
  });
});

describe("a client already connected when the lens starts following it", () => {
  it("counts its first drop as one disconnect and one reconnect", async () => {
    const raw = new ConvexClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
    });
    client = raw;
    await raw.query(chat.count, {});
    expect(raw.connectionState().isWebSocketConnected).toBe(true);
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    full.instrument(raw);
    const details = () => full.health().checks.find((c) => c.name === "connection")?.details;
    expect(details()).toMatchObject({ connected: true, reconnects: 0, disconnects: 0 });
    expect(await backend.dropSockets()).toBeGreaterThanOrEqual(1);
    await eventually(
      () => expect(details()).toMatchObject({ connected: true, reconnects: 1, disconnects: 1 }),
      { timeoutMs: 5_000 },
    );
  });
});

describe("a client closed while its socket is down", () => {
  it("counts the drop as one disconnect and its close as no reconnect, nor the next client's connect", async () => {
    const full = createLens({ devtools: false, use: [metrics(), health()] });
    lens = full;
    const connection = () => full.health().checks.find((c) => c.name === "connection");
    const newClient = () =>
      full.instrument(
        new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet }),
      );
    const first = newClient();
    client = first;
    await first.query(chat.count, {});
    expect(connection()?.details).toMatchObject({ connected: true, disconnects: 0 });
    // The backend closes the socket and refuses new ones: the client stays down, reconnecting.
    await backend.setFaults({ refuseConnections: true });
    await eventually(
      () => expect(connection()?.details).toMatchObject({ connected: false, disconnects: 1 }),
      { timeoutMs: 5_000 },
    );
    await first.close();
    client = undefined;
    expect(connection()?.status).toBe("no_data");
    expect(full.health().ready).toBe(true);

    await backend.clearFaults();
    const next = newClient();
    client = next;
    await next.query(chat.count, {});
    expect(connection()?.details).toMatchObject({
      connected: true,
      disconnects: 1,
      reconnects: 0,
    });
  });
});
