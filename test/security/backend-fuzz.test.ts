import { ConvexHttpClient } from "convex/browser";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat } from "../support/chatApi.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// The local backend survives hostile clients: fuzzed sync-protocol messages close (at most) the
// socket that sent them, fuzzed HTTP bodies get a 4xx, and a well-behaved client keeps working
// throughout.
let backend: SpawnedLocalBackend;

beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend?.stop();
});

const syncUrl = () => `${backend.url.replace(/^http/, "ws")}/api/1.48.0/sync`;
const healthy = () =>
  new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: quiet });

/** Opens a socket, sends `frames` in order, and resolves when the socket closes or goes quiet. */
function sendFrames(frames: (string | Buffer)[]): Promise<"closed" | "open"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(syncUrl());
    let settled = false;
    const done = (how: "closed" | "open") => {
      if (settled) return;
      settled = true;
      ws.terminate();
      resolve(how);
    };
    ws.on("error", () => done("closed"));
    ws.on("close", () => done("closed"));
    ws.on("open", () => {
      for (const frame of frames) ws.send(frame);
      setTimeout(() => done("open"), 100);
    });
  });
}

const connect = JSON.stringify({
  type: "Connect",
  sessionId: "fuzz",
  connectionCount: 0,
  lastCloseReason: null,
  clientTs: 0,
});

// Hostile shapes: wrong types where the protocol expects strings/numbers, unknown message types,
// prototype-polluting keys, broken version chains, deep nesting, garbage text and binary frames.
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    type: fc.constantFrom(
      "Connect",
      "ModifyQuerySet",
      "Mutation",
      "Action",
      "Authenticate",
      "Event",
      "Bogus",
    ),
    baseVersion: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    newVersion: fc.oneof(fc.integer({ min: -5, max: 1_000 }), fc.double()),
    requestId: fc.oneof(fc.integer(), fc.string(), fc.constant(-1)),
    udfPath: fc.oneof(
      fc.string(),
      fc.constant("__proto__:constructor"),
      fc.constant("messages:send"),
    ),
    args: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant([{ __proto__: { polluted: true } }])),
    modifications: fc.oneof(
      fc.constant("nope"),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    ),
    tokenType: fc.oneof(fc.constantFrom("None", "User", "Admin"), fc.string()),
    value: fc.string(),
  }),
);
const hostileFrame = fc.oneof(
  hostileJson.map((value) => JSON.stringify(value) ?? "null"),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 100, max: 100_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
);

describe("the local backend under hostile input", () => {
  it("closes only the offending socket for fuzzed sync messages, and keeps serving others", async () => {
    const before = (await backend.status()).counters.protocolErrors;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileFrame, { minLength: 1, maxLength: 4 }), async (frames) => {
        await sendFrames([connect, ...frames]);
      }),
      { numRuns: 150 },
    );
    // A huge frame past the size cap.
    await sendFrames([connect, "x".repeat(9 * 1024 * 1024)]);
    const client = healthy();
    const id = await client.mutation(chat.send, { author: "after-fuzz", body: "still here" });
    expect(typeof id).toBe("string");
    expect(await client.query(chat.count, {})).toBeGreaterThan(0);
    expect((await backend.status()).counters.protocolErrors).toBeGreaterThan(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers fuzzed HTTP API bodies with a 4xx, never a crash", async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/query", "/api/mutation", "/api/action"),
        fc.oneof(
          hostileJson.map((value) => JSON.stringify(value) ?? "null"),
          fc.string({ maxLength: 300 }),
          fc
            .record({ path: fc.string(), format: fc.string(), args: fc.jsonValue({ maxDepth: 3 }) })
            .map((v) => JSON.stringify(v)),
        ),
        async (endpoint, body) => {
          const response = await fetch(`${backend.url}${endpoint}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body,
          });
          statuses.add(response.status);
          await response.arrayBuffer();
          // 560 is a function's own failure (e.g. bad arguments reached a real function).
          expect([400, 404, 413, 415, 422, 560]).toContain(response.status);
        },
      ),
      { numRuns: 200 },
    );
    expect(statuses.size).toBeGreaterThan(0);
    expect(await healthy().query(chat.count, {})).toBeGreaterThan(0);
  });
});
