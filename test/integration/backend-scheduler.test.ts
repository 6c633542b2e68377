import { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chat, type Message } from "../support/chatApi.js";
import { firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
let client: ConvexClient;

beforeAll(async () => {
  backend = await startTestBackend();
  client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
});

describe("writes that do not come from the client's own mutation", () => {
  it("pushes a scheduled function's write to subscribers", async () => {
    const body = `scheduled ${Math.random()}`;
    const seen = firstMatching<Message[]>(
      (onValue) => client.onUpdate(chat.list, {}, onValue),
      (messages) => messages.some((m) => m.body === body),
    );
    const scheduledAt = Date.now();
    await client.mutation(chat.sendLater, { author: "timer", body, delayMs: 300 });
    const messages = await seen;
    expect(Date.now() - scheduledAt).toBeGreaterThanOrEqual(250);
    expect(messages.find((m) => m.body === body)?.author).toBe("timer");
  });

  it("runs an action that writes through runMutation, and pushes the write", async () => {
    const to = `visitor ${Math.random()}`;
    const seen = firstMatching<Message[]>(
      (onValue) => client.onUpdate(chat.list, {}, onValue),
      (messages) => messages.some((m) => m.body === `Hello, ${to}!`),
    );
    const result = await client.action(chat.reply, { to });
    expect(result.id).toEqual(expect.any(String));
    expect(result.count).toBeGreaterThan(0);
    const messages = await seen;
    expect(messages.find((m) => m.body === `Hello, ${to}!`)?._id).toBe(result.id);
  });
});
