import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { CLOSE_PROTOCOL_ERROR } from "./syncSession.js";
import { RawSyncClient } from "./test-support/rawSyncClient.js";
import { CHAT_APP, type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

// Finding 2 of issue 17: one client could crash the backend with 7 MB session ids, since every
// session was kept and caps counted sessions, not bytes. Here every socket has a byte account
// (small, to keep the test quick) and all sockets share a total.
let app: TempFunctions;
let backend: LocalBackend;

beforeAll(async () => {
  app = await writeTempFunctions(CHAT_APP);
  backend = await startLocalBackend({
    functionsDir: app.dir,
    port: 0,
    maxConnectionMemoryBytes: 64 * 1024,
    maxClientMemoryBytes: 100 * 1024,
  });
});

afterAll(async () => {
  await backend?.close();
  await app?.remove();
});

/** Subscribes `queryId` to messages:list with about `bytes` of (ignored) arguments. */
function heavyAdd(queryId: number, bytes: number) {
  return {
    type: "ModifyQuerySet",
    baseVersion: queryId,
    newVersion: queryId + 1,
    modifications: [
      { type: "Add", queryId, udfPath: "messages:list", args: [{ pad: "x".repeat(bytes) }] },
    ],
  };
}

async function stillServes(): Promise<void> {
  const client = await RawSyncClient.open(backend.url);
  client.send(heavyAdd(0, 10));
  await client.next((m) => m.type === "Transition");
  client.close();
}

describe("sync socket limits", () => {
  it("closes a socket whose Connect carries a 7 MB session id, and keeps no session for it", async () => {
    const before = backend.status().sessions;
    const client = await RawSyncClient.open(backend.url, { sessionId: "s".repeat(7_000_000) });
    const closed = await client.closed;
    expect(closed.code).toBe(CLOSE_PROTOCOL_ERROR);
    expect(backend.status().sessions).toBe(before);
    await stillServes();
  });

  it("closes a socket that subscribes more bytes than its share, and keeps serving others", async () => {
    const greedy = await RawSyncClient.open(backend.url);
    for (let queryId = 0; queryId < 5; queryId++) {
      greedy.send(heavyAdd(queryId, 20 * 1024));
    }
    const closed = await greedy.closed;
    expect(closed.code).toBe(CLOSE_PROTOCOL_ERROR);
    expect(closed.reason).toContain("too much data");
    await stillServes();
  });

  it("closes sockets once all of them together hold the total, and admits new ones after", async () => {
    // Each subscription keeps 30 KiB (and needs twice that while its message is processed):
    // within one socket's share, but the third one passes the 100 KiB total.
    const subscribe = async () => {
      const client = await RawSyncClient.open(backend.url);
      client.send(heavyAdd(0, 30 * 1024));
      return client;
    };
    const first = await subscribe();
    await first.next((m) => m.type === "Transition");
    const second = await subscribe();
    await second.next((m) => m.type === "Transition");
    const third = await subscribe();
    expect((await third.closed).reason).toContain("too much data");
    first.close();
    await first.closed;
    await stillServes();
    const fourth = await subscribe();
    await fourth.next((m) => m.type === "Transition");
    second.close();
    fourth.close();
  });
});
