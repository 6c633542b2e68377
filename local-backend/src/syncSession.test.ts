import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { RawSyncClient, type ServerMessage, tsOf } from "./test-support/rawSyncClient.js";
import { CHAT_APP, type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

let app: TempFunctions;
let backend: LocalBackend;

beforeAll(async () => {
  app = await writeTempFunctions(CHAT_APP);
  backend = await startLocalBackend({ functionsDir: app.dir, port: 0, pingIntervalMs: 100 });
});

afterAll(async () => {
  await backend?.close();
  await app?.remove();
});

const isTransition = (m: ServerMessage) => m.type === "Transition";

function add(queryId: number, udfPath: string, baseVersion = queryId) {
  return {
    type: "ModifyQuerySet",
    baseVersion,
    newVersion: baseVersion + 1,
    modifications: [{ type: "Add", queryId, udfPath, args: [{}] }],
  };
}

function mods(message: ServerMessage): Record<string, unknown>[] {
  return message.modifications as Record<string, unknown>[];
}

describe("sync protocol", () => {
  it("answers a new subscription with a Transition starting at version zero, with log lines", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send(add(0, "messages:list"));
    const transition = await client.next(isTransition);
    expect(transition.startVersion).toEqual({ querySet: 0, ts: "AAAAAAAAAAA=", identity: 0 });
    expect(transition.endVersion).toMatchObject({ querySet: 1, identity: 0 });
    expect(mods(transition)).toEqual([
      { type: "QueryUpdated", queryId: 0, value: [], logLines: ["[LOG] 'listing'"], journal: null },
    ]);
    client.close();
  });

  it("pushes new results after a mutation, in a Transition that reaches the mutation's timestamp", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send(add(0, "messages:count"));
    const first = await client.next(isTransition);
    const before = mods(first)[0]?.value as number;
    client.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:send",
      args: [{ body: "hi" }],
    });
    const response = await client.next((m) => m.type === "MutationResponse");
    expect(response).toMatchObject({ success: true, logLines: ["[LOG] 'sending' 'hi'"] });
    const update = await client.next(
      (m) => isTransition(m) && mods(m).some((mod) => mod.value === before + 1),
      { from: client.received.indexOf(response) },
    );
    expect(update.startVersion).toEqual(first.endVersion);
    expect(tsOf((update.endVersion as { ts: string }).ts)).toBeGreaterThanOrEqual(
      tsOf(response.ts),
    );
    client.close();
  });

  it("keeps every Transition's start equal to the previous end across many updates", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send(add(0, "messages:count"));
    await client.next(isTransition);
    for (let i = 0; i < 5; i++) {
      client.send({
        type: "Mutation",
        requestId: i,
        udfPath: "messages:send",
        args: [{ body: `m${i}` }],
      });
    }
    await client.next((m) => m.type === "MutationResponse" && m.requestId === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const transitions = client.received.filter(isTransition);
    for (let i = 1; i < transitions.length; i++) {
      expect(transitions[i]?.startVersion).toEqual(transitions[i - 1]?.endVersion);
    }
    client.close();
  });

  it("only re-runs queries that read a table the commit wrote", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [
        { type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] },
        { type: "Add", queryId: 1, udfPath: "messages:countOther", args: [{}] },
      ],
    });
    await client.next(isTransition);
    const mark = client.received.length;
    client.send({ type: "Mutation", requestId: 0, udfPath: "messages:addOther", args: [{}] });
    const update = await client.next((m) => isTransition(m) && mods(m).length > 0, { from: mark });
    expect(mods(update).map((m) => m.queryId)).toEqual([1]);
    client.close();
  });

  it("applies a mutation re-sent on a new socket of the same session exactly once", async () => {
    const sessionId = `dedupe-${Math.random()}`;
    const first = await RawSyncClient.open(backend.url, { sessionId });
    first.send({
      type: "Mutation",
      requestId: 7,
      udfPath: "messages:send",
      args: [{ body: "once" }],
    });
    const original = await first.next((m) => m.type === "MutationResponse");
    first.close();
    const second = await RawSyncClient.open(backend.url, { sessionId });
    second.send({
      type: "Mutation",
      requestId: 7,
      udfPath: "messages:send",
      args: [{ body: "once" }],
    });
    const replay = await second.next((m) => m.type === "MutationResponse");
    expect(replay.result).toEqual(original.result);
    expect(replay.ts).toEqual(original.ts);
    await second.next(isTransition);
    const docs = backend.exportData().tables.messages ?? [];
    expect(docs.filter((doc) => (doc as { body: string }).body === "once")).toHaveLength(1);
    expect(backend.status().counters.dedupedMutations).toBeGreaterThanOrEqual(1);
    second.close();
  });

  it("reports ConvexError data and uncaught errors the way a deployment does", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send({ type: "Mutation", requestId: 0, udfPath: "messages:send", args: [{ body: "" }] });
    const failure = await client.next((m) => m.type === "MutationResponse");
    expect(failure.success).toBe(false);
    expect(failure.errorData).toEqual({ code: "EMPTY" });
    expect(failure.result).toMatch(
      /^\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught ConvexError: /,
    );
    client.send(add(0, "messages:boom"));
    const failed = await client.next(isTransition);
    expect(mods(failed)[0]).toMatchObject({ type: "QueryFailed", queryId: 0 });
    expect(mods(failed)[0]?.errorMessage).toMatch(/Server Error\nUncaught Error: query exploded$/);
    client.close();
  });

  it("refuses to run internal functions for clients", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:insert",
      args: [{ body: "x" }],
    });
    const failure = await client.next((m) => m.type === "MutationResponse");
    expect(failure.result).toContain("Could not find public function for 'messages:insert'");
    client.close();
  });

  it("runs actions that write through runMutation, in nested modules", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send({ type: "Action", requestId: 0, udfPath: "folder/nested:shout", args: [{}] });
    const response = await client.next((m) => m.type === "ActionResponse");
    expect(response).toMatchObject({ success: true, result: "ok" });
    client.close();
  });

  it("delivers writes made by scheduled functions to subscribers", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send(add(0, "messages:list"));
    await client.next(isTransition);
    client.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:later",
      args: [{ body: "scheduled!" }],
    });
    await client.next(
      (m) =>
        isTransition(m) && mods(m).some((mod) => (mod.value as string[]).includes("scheduled!")),
    );
    client.close();
  });

  it("exposes a User token's claims to ctx.auth and answers a malformed one with AuthError", async () => {
    const client = await RawSyncClient.open(backend.url);
    client.send(add(0, "auth:whoami"));
    const anonymous = await client.next(isTransition);
    expect(mods(anonymous)[0]?.value).toBeNull();
    const claims = Buffer.from(JSON.stringify({ sub: "user-42", iss: "https://issuer" })).toString(
      "base64url",
    );
    client.send({
      type: "Authenticate",
      tokenType: "User",
      baseVersion: 0,
      value: `e30.${claims}.sig`,
    });
    const authed = await client.next(
      (m) => isTransition(m) && (m.endVersion as { identity: number }).identity === 1,
    );
    expect(mods(authed)[0]?.value).toBe("user-42");
    client.send({ type: "Authenticate", tokenType: "User", baseVersion: 1, value: "garbage" });
    const error = await client.next((m) => m.type === "AuthError");
    expect(error).toMatchObject({ baseVersion: 1, authUpdateAttempted: true });
    client.close();
  });

  it("sends Pings on the configured interval", async () => {
    const client = await RawSyncClient.open(backend.url);
    await client.next((m) => m.type === "Ping", { timeoutMs: 2_000 });
    client.close();
  });
});

describe("hostile input", () => {
  it.each([
    ["bad JSON", "{not json"],
    ["an unknown message type", JSON.stringify({ type: "Explode" })],
    ["a broken version chain", JSON.stringify(add(0, "messages:list", 5))],
  ])("closes only the socket that sent %s", async (_what, payload) => {
    const bystander = await RawSyncClient.open(backend.url);
    const attacker = await RawSyncClient.open(backend.url);
    attacker.sendRaw(payload);
    const { code, reason } = await attacker.closed;
    expect(code).toBe(1008);
    expect(reason.length).toBeGreaterThan(0);
    bystander.send(add(0, "messages:count"));
    await bystander.next(isTransition);
    bystander.close();
  });

  it("closes a socket that sends a message over the size cap", async () => {
    const attacker = await RawSyncClient.open(backend.url);
    attacker.sendRaw("x".repeat(9 * 1024 * 1024));
    const { code } = await attacker.closed;
    expect(code).toBe(1009);
    const probe = await RawSyncClient.open(backend.url);
    probe.send(add(0, "messages:count"));
    await probe.next(isTransition);
    probe.close();
  });

  it("closes a socket that sends binary frames", async () => {
    const attacker = await RawSyncClient.open(backend.url);
    attacker.sendRaw(Buffer.from([1, 2, 3]));
    const { code, reason } = await attacker.closed;
    expect(code).toBe(1008);
    expect(reason).toContain("binary");
  });

  it("requires Connect before anything else", async () => {
    const client = await RawSyncClient.open(backend.url, { connect: false });
    client.send(add(0, "messages:list"));
    const { code, reason } = await client.closed;
    expect(code).toBe(1008);
    expect(reason).toContain("expected Connect");
  });
});
