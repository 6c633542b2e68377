import { ConvexClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat, type Message } from "../support/chatApi.js";
import { eventually, firstMatching } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { recordingLogger } from "../support/recordingLogger.js";

let backend: SpawnedLocalBackend;
const clients: { close(): Promise<void> }[] = [];

function convexClient(logger = recordingLogger()) {
  const client = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger });
  clients.push(client);
  return client;
}

function jwt(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.signature`;
}

beforeAll(async () => {
  backend = await startTestBackend();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
});

describe("subscriptions with the official clients", () => {
  it("ConvexClient: a subscriber receives a message another client sends", async () => {
    const reader = convexClient();
    const writer = convexClient();
    const body = `hello ${Math.random()}`;
    const seen = firstMatching<Message[]>(
      (onValue) => reader.onUpdate(chat.list, {}, onValue),
      (messages) => messages.some((m) => m.body === body),
    );
    await writer.mutation(chat.send, { author: "ada", body });
    const messages = await seen;
    expect(messages.find((m) => m.body === body)).toMatchObject({ author: "ada", body });
  });

  it("ConvexClient: a mutation resolves only once its own write is visible (read-your-writes)", async () => {
    const client = convexClient();
    let latest: Message[] = [];
    const unsubscribe = client.onUpdate(chat.list, {}, (messages) => {
      latest = messages;
    });
    await client.query(chat.list, {});
    for (let i = 0; i < 5; i++) {
      const body = `ryw ${i} ${Math.random()}`;
      await client.mutation(chat.send, { author: "ada", body });
      expect(latest.some((m) => m.body === body)).toBe(true);
    }
    unsubscribe();
  });

  it("ConvexReactClient: watchQuery sees a mutation's result", async () => {
    const client = new ConvexReactClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
      logger: recordingLogger(),
    });
    clients.push(client);
    const watch = client.watchQuery(chat.count, {});
    const seen: number[] = [];
    const stop = watch.onUpdate(() => {
      const value = watch.localQueryResult();
      if (value !== undefined) seen.push(value);
    });
    try {
      await eventually(() => expect(seen.length).toBeGreaterThan(0));
      const first = seen[0] as number;
      await client.mutation(chat.send, { author: "react", body: "from react" });
      expect(watch.localQueryResult()).toBe(first + 1);
      expect(seen.at(-1)).toBe(first + 1);
    } finally {
      stop();
    }
  });

  it("passes functions' console output to the client's logger as server log lines", async () => {
    const logger = recordingLogger();
    const client = convexClient(logger);
    await client.mutation(chat.send, { author: "logger", body: "log me" });
    expect(logger.lines).toContainEqual(
      expect.stringContaining("[CONVEX M(messages:send)] [LOG] 'sending message from' 'logger'"),
    );
  });

  it("serves nested modules by their folder path", async () => {
    const client = convexClient();
    const summary = await client.query(chat.summary, {});
    expect(summary.messages).toBeGreaterThan(0);
  });

  it("rejects an expired token: the client reports it unauthenticated and keeps working", async () => {
    const client = convexClient();
    const expired = jwt({ sub: "user-8", exp: Math.floor(Date.now() / 1000) - 60 });
    const authenticated = new Promise<boolean>((resolve) =>
      client.setAuth(async () => expired, resolve),
    );
    expect(await authenticated).toBe(false);
    expect(await client.query(chat.whoami, {})).toBeNull();
  });

  it("exposes a token's claims through ctx.auth.getUserIdentity()", async () => {
    const client = convexClient();
    const token = jwt({
      sub: "user-7",
      iss: "https://issuer.example",
      name: "Grace",
      exp: Date.now() / 1000 + 3600,
    });
    const authenticated = new Promise<boolean>((resolve) =>
      client.setAuth(async () => token, resolve),
    );
    expect(await authenticated).toBe(true);
    await eventually(async () =>
      expect(await client.query(chat.whoami, {})).toEqual({ subject: "user-7", name: "Grace" }),
    );
  });
});
